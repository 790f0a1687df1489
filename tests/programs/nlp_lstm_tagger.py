"""Sequence models, after PyTorch's NLP tutorial "Sequence Models and Long Short-Term Memory
Networks": an nn.LSTM stepped by hand and over a whole sequence, an LSTM part-of-speech tagger,
and the tutorial's exercise, the tagger augmented with character-level features (a second
LSTM over each word's characters, its final hidden state joined to the word embedding)."""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(1)

lstm = nn.LSTM(3, 3)  # Input dim is 3, output dim is 3
inputs = [torch.randn(1, 3) for _ in range(5)]  # make a sequence of length 5

# initialize the hidden state.
hidden = (torch.randn(1, 1, 3),
          torch.randn(1, 1, 3))
for i in inputs:
    # Step through the sequence one element at a time.
    # after each step, hidden contains the hidden state.
    out, hidden = lstm(i.view(1, 1, -1), hidden)
stepped = out

# alternatively, we can do the entire sequence all at once.
inputs = torch.cat(inputs).view(len(inputs), 1, -1)
hidden = (torch.randn(1, 1, 3), torch.randn(1, 1, 3))  # clean out hidden state
out, hidden = lstm(inputs, hidden)
print(out)
print(hidden)
results = {"stepped": stepped.tolist(), "out": out.tolist(), "hidden": [h.tolist() for h in hidden]}


def prepare_sequence(seq, to_ix):
    idxs = [to_ix[w] for w in seq]
    return torch.tensor(idxs, dtype=torch.long)


training_data = [
    # Tags are: DET - determiner; NN - noun; V - verb
    # For example, the word "The" is a determiner
    ("The dog ate the apple".split(), ["DET", "NN", "V", "DET", "NN"]),
    ("Everybody read that book".split(), ["NN", "V", "DET", "NN"])
]
word_to_ix = {}
# For each words-list (sentence) and tags-list in each tuple of training_data
for sent, tags in training_data:
    for word in sent:
        if word not in word_to_ix:  # word has not been assigned an index yet
            word_to_ix[word] = len(word_to_ix)  # Assign each word with a unique index
print(word_to_ix)
tag_to_ix = {"DET": 0, "NN": 1, "V": 2}  # Assign each tag with a unique index

# These will usually be more like 32 or 64 dimensional.
# We will keep them small, so we can see how the weights change as we train.
EMBEDDING_DIM = 6
HIDDEN_DIM = 6


class LSTMTagger(nn.Module):

    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super(LSTMTagger, self).__init__()
        self.hidden_dim = hidden_dim

        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)

        # The LSTM takes word embeddings as inputs, and outputs hidden states
        # with dimensionality hidden_dim.
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)

        # The linear layer that maps from hidden state space to tag space
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))
        tag_scores = F.log_softmax(tag_space, dim=1)
        return tag_scores


model = LSTMTagger(EMBEDDING_DIM, HIDDEN_DIM, len(word_to_ix), len(tag_to_ix))
print(model)
loss_function = nn.NLLLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)

# See what the scores are before training
with torch.no_grad():
    inputs = prepare_sequence(training_data[0][0], word_to_ix)
    tag_scores = model(inputs)
    print(tag_scores)
results["before"] = tag_scores.tolist()

for epoch in range(300):  # again, normally you would NOT do 300 epochs, it is toy data
    for sentence, tags in training_data:
        # Step 1. Remember that Pytorch accumulates gradients.
        # We need to clear them out before each instance
        model.zero_grad()

        # Step 2. Get our inputs ready for the network, that is, turn them into
        # Tensors of word indices.
        sentence_in = prepare_sequence(sentence, word_to_ix)
        targets = prepare_sequence(tags, tag_to_ix)

        # Step 3. Run our forward pass.
        tag_scores = model(sentence_in)

        # Step 4. Compute the loss, gradients, and update the parameters by
        #  calling optimizer.step()
        loss = loss_function(tag_scores, targets)
        loss.backward()
        optimizer.step()

# See what the scores are after training
with torch.no_grad():
    inputs = prepare_sequence(training_data[0][0], word_to_ix)
    tag_scores = model(inputs)

    # The sentence is "the dog ate the apple".  i,j corresponds to score for tag j
    # for word i. The predicted tag is the maximum scoring tag.
    print(tag_scores)
results.update({"after": tag_scores.tolist(), "tags": tag_scores.argmax(dim=1).tolist(),
                "loss": loss.item()})


# ---- the exercise: augmenting the tagger with character-level features ----------------------
char_to_ix = {}
for sent, _ in training_data:
    for word in sent:
        for ch in word:
            if ch not in char_to_ix:
                char_to_ix[ch] = len(char_to_ix)
CHAR_EMBEDDING_DIM = 3
CHAR_HIDDEN_DIM = 3


class CharLSTMTagger(nn.Module):

    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size,
                 char_embedding_dim, char_hidden_dim, n_chars):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.char_embeddings = nn.Embedding(n_chars, char_embedding_dim)
        self.char_lstm = nn.LSTM(char_embedding_dim, char_hidden_dim, batch_first=True)
        self.lstm = nn.LSTM(embedding_dim + char_hidden_dim, hidden_dim, bidirectional=True)
        self.hidden2tag = nn.Linear(2 * hidden_dim, tagset_size)

    def forward(self, sentence, words):
        embeds = self.word_embeddings(sentence)
        char_reps = []
        for word in words:
            chars = prepare_sequence(word, char_to_ix).unsqueeze(0)  # (1, len(word))
            _, (h_n, c_n) = self.char_lstm(self.char_embeddings(chars))
            char_reps.append(h_n[-1, 0])
        features = torch.cat([embeds, torch.stack(char_reps)], dim=1)
        lstm_out, _ = self.lstm(features.unsqueeze(1))
        tag_space = self.hidden2tag(lstm_out.squeeze(1))
        return F.log_softmax(tag_space, dim=1)


char_model = CharLSTMTagger(EMBEDDING_DIM, HIDDEN_DIM, len(word_to_ix), len(tag_to_ix),
                            CHAR_EMBEDDING_DIM, CHAR_HIDDEN_DIM, len(char_to_ix))
print(char_model)
optimizer = optim.Adam(char_model.parameters(), lr=0.01)
char_losses = []
for epoch in range(60):
    total = 0.0
    for sentence, tags in training_data:
        char_model.zero_grad()
        tag_scores = char_model(prepare_sequence(sentence, word_to_ix), sentence)
        loss = loss_function(tag_scores, prepare_sequence(tags, tag_to_ix))
        loss.backward()
        nn.utils.clip_grad_norm_(char_model.parameters(), 5.0)
        optimizer.step()
        total += loss.item()
    char_losses.append(total)
with torch.no_grad():
    tag_scores = char_model(prepare_sequence(training_data[1][0], word_to_ix), training_data[1][0])
print(tag_scores)
results.update({"char_losses": char_losses, "char_after": tag_scores.tolist()})

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
