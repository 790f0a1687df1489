"""chainrule's nn: modules, layers, activations, losses, initialisers, saving, data.

    import nn
    model = nn.MLP(2, [16, 16], 1, output_activation="sigmoid")
    loss = nn.BCELoss()(model(X), y)
"""
from . import data, functional, init, utils
from .activation import (ELU, GELU, LeakyReLU, LogSigmoid, LogSoftmax, ReLU, Sigmoid, Softmax,
                         Softplus, Tanh, get_activation)
from .diagnostics import Diagnostics, diagnostics
from .layers import MLP, BatchNorm1d, Dropout, LayerNorm, Linear
from .loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HingeLoss, HuberLoss, L1Loss,
                   MSELoss, NLLLoss)
from .module import (Identity, IncompatibleKeys, Module, ModuleList, Parameter, RemovableHandle, Sequential,
                     StateDictError)
from .penalty import l1_penalty, l2_penalty
from .plotting import plot_decision_boundary
from .serialization import load, save
from .training import History, evaluate, fit, predict
