"""Deep convolutional GAN, after pytorch/examples' dcgan/main.py (Radford et al., 2015): the same
generator and discriminator design (ConvTranspose2d, BatchNorm2d, ReLU / LeakyReLU, Tanh,
Sigmoid), weights_init, BCELoss and the alternating Adam updates, sized for 16x16 synthetic
one-channel images (three layers each instead of five for 64x64)."""
import json
import random
import sys

import torch
import torch.nn as nn
import torch.nn.parallel
import torch.optim as optim
import torch.utils.data

manualSeed = 999
print("Random Seed: ", manualSeed)
random.seed(manualSeed)
torch.manual_seed(manualSeed)

device = torch.device("cpu")
ngpu = 0
nz = 8
ngf = 8
ndf = 8
nc = 1
batchSize = 8
niter = 2
lr = 0.0002
beta1 = 0.5


def synthetic_images(n):
    """n 1x16x16 images in [-1, 1] (what Normalize((0.5,), (0.5,)) makes): a bright disc each."""
    rows = torch.arange(16.0).view(1, 16, 1)
    cols = torch.arange(16.0).view(1, 1, 16)
    centres = torch.rand(n, 2, 1, 1) * 8 + 4
    radius = torch.rand(n, 1, 1) * 2 + 2
    inside = ((rows - centres[:, 0]) ** 2 + (cols - centres[:, 1]) ** 2) < radius ** 2
    return (inside * 2.0 - 1).unsqueeze(1)


dataset = torch.utils.data.TensorDataset(synthetic_images(16), torch.zeros(16))
dataloader = torch.utils.data.DataLoader(dataset, batch_size=batchSize, shuffle=True)


# custom weights initialization called on netG and netD
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        torch.nn.init.normal_(m.weight, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        torch.nn.init.normal_(m.weight, 1.0, 0.02)
        torch.nn.init.zeros_(m.bias)


class Generator(nn.Module):
    def __init__(self, ngpu):
        super(Generator, self).__init__()
        self.ngpu = ngpu
        self.main = nn.Sequential(
            # input is Z, going into a convolution
            nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            # state size. (ngf*4) x 4 x 4
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            # state size. (ngf*2) x 8 x 8
            nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False),
            nn.Tanh()
            # state size. (nc) x 16 x 16
        )

    def forward(self, input):
        if input.is_cuda and self.ngpu > 1:
            output = nn.parallel.data_parallel(self.main, input, range(self.ngpu))
        else:
            output = self.main(input)
        return output


netG = Generator(ngpu).to(device)
netG.apply(weights_init)
print(netG)


class Discriminator(nn.Module):
    def __init__(self, ngpu):
        super(Discriminator, self).__init__()
        self.ngpu = ngpu
        self.main = nn.Sequential(
            # input is (nc) x 16 x 16
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. (ndf) x 8 x 8
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. (ndf*2) x 4 x 4
            nn.Conv2d(ndf * 2, 1, 4, 1, 0, bias=False),
            nn.Sigmoid()
        )

    def forward(self, input):
        if input.is_cuda and self.ngpu > 1:
            output = nn.parallel.data_parallel(self.main, input, range(self.ngpu))
        else:
            output = self.main(input)

        return output.view(-1, 1).squeeze(1)


netD = Discriminator(ngpu).to(device)
netD.apply(weights_init)
print(netD)

criterion = nn.BCELoss()

fixed_noise = torch.randn(batchSize, nz, 1, 1, device=device)
real_label = 1
fake_label = 0

# setup optimizer
optimizerD = optim.Adam(netD.parameters(), lr=lr, betas=(beta1, 0.999))
optimizerG = optim.Adam(netG.parameters(), lr=lr, betas=(beta1, 0.999))

results = {"initial_G": netG.main[0].weight[0, :3, 0, 0].tolist(),
           "initial_D_bn": netD.main[3].weight[:3].tolist(),
           "loss_D": [], "loss_G": [], "D_x": [], "D_G_z1": [], "D_G_z2": []}
for epoch in range(niter):
    for i, data in enumerate(dataloader, 0):
        ############################
        # (1) Update D network: maximize log(D(x)) + log(1 - D(G(z)))
        ###########################
        # train with real
        netD.zero_grad()
        real_cpu = data[0].to(device)
        batch_size = real_cpu.size(0)
        label = torch.full((batch_size,), real_label,
                           dtype=real_cpu.dtype, device=device)

        output = netD(real_cpu)
        errD_real = criterion(output, label)
        errD_real.backward()
        D_x = output.mean().item()

        # train with fake
        noise = torch.randn(batch_size, nz, 1, 1, device=device)
        fake = netG(noise)
        label.fill_(fake_label)
        output = netD(fake.detach())
        errD_fake = criterion(output, label)
        errD_fake.backward()
        D_G_z1 = output.mean().item()
        errD = errD_real + errD_fake
        optimizerD.step()

        ############################
        # (2) Update G network: maximize log(D(G(z)))
        ###########################
        netG.zero_grad()
        label.fill_(real_label)  # fake labels are real for generator cost
        output = netD(fake)
        errG = criterion(output, label)
        errG.backward()
        D_G_z2 = output.mean().item()
        optimizerG.step()

        print('[%d/%d][%d/%d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f / %.4f'
              % (epoch, niter, i, len(dataloader),
                 errD.item(), errG.item(), D_x, D_G_z1, D_G_z2))
        for key, value in [("loss_D", errD.item()), ("loss_G", errG.item()), ("D_x", D_x),
                           ("D_G_z1", D_G_z1), ("D_G_z2", D_G_z2)]:
            results[key].append(value)

    # do checkpointing
    torch.save(netG.state_dict(), 'netG_epoch_%d.pth' % (epoch))
    torch.save(netD.state_dict(), 'netD_epoch_%d.pth' % (epoch))

netG.load_state_dict(torch.load('netG_epoch_%d.pth' % (niter - 1)))
netG.eval()
with torch.no_grad():
    fake = netG(fixed_noise)
results["fixed_fake"] = fake[0, 0, 7].tolist()
results["running_mean"] = netG.main[1].running_mean[:4].tolist()

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
