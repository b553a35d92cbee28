#!/usr/bin/python3
"""Loads the safetensors files ModelDsl wrote (SafetensorsTests, MODELDSL_ACCEPT_SNAPSHOTS=1) into the PyTorch modules
docs/pytorch-weights.md documents, with load_state_dict(strict=True), runs fixed token ids through them and writes
torch_outputs.json, which the C# tests compare ModelDsl's outputs with.

Debian's python3-torch (1.13) has no `safetensors` package, so the file is read with NumPy (read_safetensors below);
with the package installed, safetensors.torch.load_file(path) gives the same dictionary.

    /usr/bin/python3 tests/ModelDsl.Tests/PyTorch/Fixtures/check_safetensors.py

With --imdb PATH it also loads the full-size IMDB LSTM that KerasToPyTorchTests exported from the Keras fixture
imdb_lstm.h5 (MODELDSL_SAFETENSORS_OUT=PATH dotnet test ... --filter KerasToPyTorchTests) into ImdbLstm below and
compares its outputs with the Keras float64 reference (nothing is written for it).
"""

import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64, "I32": np.int32, "I16": np.int16,
          "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


def read_safetensors(path):
    """{name: torch.Tensor} from a safetensors file: 8-byte little-endian header length, JSON header, raw data."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=np.dtype(DTYPES[entry["dtype"]]).newbyteorder("<"))
        tensors[name] = torch.from_numpy(array.reshape(entry["shape"]).copy())
    return tensors


def write_safetensors(state, path):
    """The other way: a state dict to a safetensors file that ModelDsl's Safetensors.Load reads."""
    names = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
    header, chunks, offset = {}, [], 0
    for name, t in state.items():
        raw = t.detach().cpu().contiguous().numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


class ImdbLstm(nn.Module):
    """[Input(40)] [Embedding(10000, 128)] [LSTM(32)] [Dense(1, Activation = "sigmoid")], as docs/pytorch-weights.md."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(10000, 128)
        self.lstm = nn.LSTM(128, 32, batch_first=True)
        self.dense = nn.Linear(32, 1)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))
        return torch.sigmoid(self.dense(h[-1]))


class TorchSmallLstm(nn.Module):
    """[Embedding(100, 8)] [LSTM(6)] [Dense(1, Activation = "sigmoid")]"""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(100, 8)
        self.lstm = nn.LSTM(8, 6, batch_first=True)
        self.dense = nn.Linear(6, 1)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))
        return torch.sigmoid(self.dense(h[-1]))


class TorchBidirectionalGru(nn.Module):
    """[Embedding(100, 8)] [Bidirectional] [GRU(5, ReturnSequences = true)] [SimpleRNN(4)] [Dense(3, Activation = "softmax")]"""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(100, 8)
        self.bidirectional = nn.GRU(8, 5, batch_first=True, bidirectional=True)  # outputs [B, T, 2·5], forward then backward
        self.simple_rnn = nn.RNN(10, 4, batch_first=True)
        self.dense = nn.Linear(4, 3)

    def forward(self, ids):
        sequence, _ = self.bidirectional(self.embedding(ids))
        _, h = self.simple_rnn(sequence)
        return torch.softmax(self.dense(h[-1]), -1)


class TorchConvolution(nn.Module):
    """[Embedding(100, 8)] [Conv1D(6, 3, Activation = "relu")] [GlobalMaxPooling1D] [Dense(2)]"""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(100, 8)
        self.conv1d = nn.Conv1d(8, 6, 3)  # Keras's valid padding; ModelDsl and Keras are channels-last, PyTorch channels-first
        self.dense = nn.Linear(6, 2)

    def forward(self, ids):
        x = self.embedding(ids).transpose(1, 2)
        x = torch.relu(self.conv1d(x))
        return self.dense(x.amax(-1))


rng = np.random.default_rng(20261205)
ids = rng.integers(1, 100, size=(4, 10))
ids[1, :3] = 0
ids[3, :9] = 0
results = {"input_shape": list(ids.shape), "input": ids.reshape(-1).tolist()}
print(f"torch {torch.__version__}, numpy {np.__version__}")
for model_class in (TorchSmallLstm, TorchBidirectionalGru, TorchConvolution):
    path = os.path.join(HERE, model_class.__name__ + ".safetensors")
    model = model_class()
    missing_unexpected = model.load_state_dict(read_safetensors(path), strict=True)
    model.eval()
    with torch.no_grad():
        out = model(torch.from_numpy(ids))
    print(f"{model_class.__name__}: load_state_dict(strict=True) -> {missing_unexpected}; output {tuple(out.shape)}")
    print(np.array2string(out.numpy(), precision=6))
    results[model_class.__name__] = {"output_shape": list(out.shape), "output": out.reshape(-1).double().tolist()}

# PyTorch's own initialisation, written by PyTorch: what Safetensors.Load must read to continue in .NET.
torch.manual_seed(20261205)
model = TorchBidirectionalGru().eval()
write_safetensors(model.state_dict(), os.path.join(HERE, "FromPyTorch.safetensors"))
with torch.no_grad():
    out = model(torch.from_numpy(ids))
print(f"FromPyTorch.safetensors (TorchBidirectionalGru, torch.manual_seed(20261205)): output {tuple(out.shape)}")
results["FromPyTorch"] = {"output_shape": list(out.shape), "output": out.reshape(-1).double().tolist()}

with open(os.path.join(HERE, "torch_outputs.json"), "w") as f:
    json.dump(results, f, indent=1)
print("wrote torch_outputs.json")

if len(sys.argv) == 3 and sys.argv[1] == "--imdb":
    with open(os.path.join(HERE, "..", "..", "Keras", "Fixtures", "expected_imdb_lstm.json")) as f:
        reference = json.load(f)
    model = ImdbLstm()
    print("ImdbLstm:", model.load_state_dict(read_safetensors(sys.argv[2]), strict=True))
    model.eval()
    with torch.no_grad():
        out = model(torch.tensor(reference["input"]).reshape(reference["input_shape"])).double().numpy()
    expected = np.array(reference["output"]).reshape(reference["output_shape"])
    print("ImdbLstm outputs:", np.array2string(out.reshape(-1), precision=6))
    print(f"ImdbLstm: max |PyTorch - Keras float64 reference| = {np.abs(out - expected).max():.2e}")
