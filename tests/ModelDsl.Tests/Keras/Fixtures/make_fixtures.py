#!/usr/bin/python3
"""Writes the Keras-layout .h5 fixtures of the Keras import tests and their expected outputs.

No Keras or TensorFlow is needed (or available here): the files follow the layout Keras 2.x's
`model.save(...h5)` and `model.save_weights(...h5)` write (keras/saving/hdf5_format.py):

  full model   root attrs keras_version, backend, model_config (JSON of the model), group model_weights
               with attrs layer_names, backend, keras_version; one group per layer with attr weight_names,
               the datasets at <layer>/<weight name>, e.g. model_weights/lstm/lstm/lstm_cell/kernel:0
  weights only the same layer groups and attrs at the root

Keras writes its string attributes as numpy bytes (HDF5 fixed-length strings) and layer_names /
weight_names as arrays of them; one fixture writes variable-length (str) attributes instead, so both
forms are read. Datasets are stored gzip-compressed with the shuffle filter (Keras stores them
uncompressed; the compression only keeps the committed files small) and the weights are drawn on a
coarse grid (multiples of 1/64) so that they compress; they are exact in float32.

Expected outputs come from a float64 NumPy forward pass written from Keras's equations (below), on
the float32 weights as stored. Run from anywhere with Debian's python3 (h5py 3.7, numpy 1.24):

    /usr/bin/python3 tests/ModelDsl.Tests/Keras/Fixtures/make_fixtures.py

It rewrites every .h5 and expected_*.json next to this script.
"""

import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
KERAS_VERSION = "2.11.0"
rng = np.random.default_rng(20261205)


# ---------------------------------------------------------------- weights

def grid(shape, scale=0.5, levels=8):
    """Seeded weights on a grid of multiples of scale/levels in [-scale, scale]."""
    k = rng.integers(-levels, levels + 1, size=shape)
    return (k * (scale / levels)).astype(np.float32)


def sparse_grid(shape, scale=0.5, levels=4, density=0.1):
    """As grid, with most entries zero: the 1.28M-entry IMDB embedding compresses to a small file."""
    values = grid(shape, scale, levels)
    keep = rng.random(shape) < density
    return np.where(keep, values, np.float32(0)).astype(np.float32)


# ---------------------------------------------------------------- Keras's equations in float64

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def hard_sigmoid(x):
    # Keras 2: clip(0.2 x + 0.5, 0, 1)
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0.0),
    "tanh": np.tanh,
    "sigmoid": sigmoid,
    "hard_sigmoid": hard_sigmoid,
    "softmax": lambda x: np.exp(x - x.max(-1, keepdims=True)) / np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True),
}


def f64(w):
    return np.asarray(w, dtype=np.float64)


def run_recurrent(step, x, state, return_sequences, go_backwards):
    """Keras's RNN loop: x [B, T, F]; returns the last output or every output in processing order."""
    steps = range(x.shape[1] - 1, -1, -1) if go_backwards else range(x.shape[1])
    outputs = []
    for t in steps:
        out, state = step(x[:, t, :], state)
        outputs.append(out)
    return np.stack(outputs, 1) if return_sequences else outputs[-1]


def simple_rnn(x, w, cfg):
    kernel, recurrent, bias = f64(w["kernel"]), f64(w["recurrent_kernel"]), f64(w["bias"])
    act = ACTIVATIONS[cfg["activation"]]

    def step(xt, h):
        h = act(xt @ kernel + h @ recurrent + bias)
        return h, h

    h0 = np.zeros((x.shape[0], recurrent.shape[0]))
    return run_recurrent(step, x, h0, cfg["return_sequences"], cfg["go_backwards"])


def lstm(x, w, cfg):
    kernel, recurrent, bias = f64(w["kernel"]), f64(w["recurrent_kernel"]), f64(w["bias"])
    units = recurrent.shape[0]
    gate = ACTIVATIONS[cfg["recurrent_activation"]]

    def step(xt, state):
        h, c = state
        z = xt @ kernel + h @ recurrent + bias  # blocks i, f, c, o
        i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
        c = gate(f) * c + gate(i) * np.tanh(g)
        h = gate(o) * np.tanh(c)
        return h, (h, c)

    zeros = np.zeros((x.shape[0], units))
    return run_recurrent(step, x, (zeros, zeros), cfg["return_sequences"], cfg["go_backwards"])


def gru(x, w, cfg):
    kernel, recurrent, bias = f64(w["kernel"]), f64(w["recurrent_kernel"]), f64(w["bias"])
    units = recurrent.shape[0]
    gate = ACTIVATIONS[cfg["recurrent_activation"]]
    blocks = lambda m: [m[..., k * units:(k + 1) * units] for k in range(3)]  # z, r, h
    kz, kr, kh = blocks(kernel)
    uz, ur, uh = blocks(recurrent)
    if cfg["reset_after"]:
        (bz, br, bh), (rz, rr, rh) = blocks(bias[0]), blocks(bias[1])
    else:
        bz, br, bh = blocks(bias)

    def step(xt, h):
        if cfg["reset_after"]:
            z = gate(xt @ kz + bz + h @ uz + rz)
            r = gate(xt @ kr + br + h @ ur + rr)
            hh = np.tanh(xt @ kh + bh + r * (h @ uh + rh))
        else:
            z = gate(xt @ kz + bz + h @ uz)
            r = gate(xt @ kr + br + h @ ur)
            hh = np.tanh(xt @ kh + bh + (r * h) @ uh)
        h = z * h + (1.0 - z) * hh
        return h, h

    h0 = np.zeros((x.shape[0], units))
    return run_recurrent(step, x, h0, cfg["return_sequences"], cfg["go_backwards"])


RECURRENT = {"SimpleRNN": simple_rnn, "LSTM": lstm, "GRU": gru}


def bidirectional(x, w, cfg):
    inner = cfg["layer"]
    run = RECURRENT[inner["class_name"]]
    forward = run(x, w["forward"], inner["config"])
    backward = run(x, w["backward"], dict(inner["config"], go_backwards=not inner["config"]["go_backwards"]))
    if inner["config"]["return_sequences"]:
        backward = backward[:, ::-1, :]
    merge = cfg["merge_mode"]
    if merge == "concat":
        return np.concatenate([forward, backward], -1)
    if merge == "sum":
        return forward + backward
    if merge == "mul":
        return forward * backward
    return (forward + backward) / 2.0


def dense(x, w, cfg):
    y = x @ f64(w["kernel"])
    if "bias" in w:
        y = y + f64(w["bias"])
    return ACTIVATIONS[cfg["activation"]](y)


def conv1d(x, w, cfg):
    kernel = f64(w["kernel"])  # [k, in, out]
    k = kernel.shape[0]
    steps = x.shape[1] - k + 1  # valid padding, stride 1
    y = np.stack([np.einsum("bki,kio->bo", x[:, t:t + k, :], kernel) for t in range(steps)], 1)
    if "bias" in w:
        y = y + f64(w["bias"])
    return ACTIVATIONS[cfg["activation"]](y)


def embedding(x, w, cfg):
    return f64(w["embeddings"])[x]


FORWARD = {
    "Embedding": embedding, "SimpleRNN": simple_rnn, "LSTM": lstm, "GRU": gru, "Bidirectional": bidirectional,
    "Dense": dense, "Conv1D": conv1d,
    "Dropout": lambda x, w, cfg: x,
    "GlobalMaxPooling1D": lambda x, w, cfg: x.max(1),
}


# ---------------------------------------------------------------- layers: config + Keras weights

class Layer:
    def __init__(self, class_name, config, weights):
        self.class_name, self.config, self.weights = class_name, config, weights  # weights: [(keras name, array)]

    def named(self):
        """The weights by their short name (kernel, bias, ...), split by direction for Bidirectional."""
        if self.class_name == "Bidirectional":
            half = len(self.weights) // 2
            short = lambda ws: {n.split("/")[-1].split(":")[0]: v for n, v in ws}
            return {"forward": short(self.weights[:half]), "backward": short(self.weights[half:])}
        return {n.split("/")[-1].split(":")[0]: v for n, v in self.weights}


def recurrent_weights(kind, name, features, units, config, prefix=None):
    """Keras 2.x (tf.keras) weight names: <layer>/<cell>/kernel:0 etc.; shapes as the cell builds them."""
    gates = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}[kind]
    cell = {"SimpleRNN": "simple_rnn_cell", "GRU": "gru_cell", "LSTM": "lstm_cell"}[kind]
    scope = f"{prefix}/{name}" if prefix else name
    weights = [
        (f"{scope}/{cell}/kernel:0", grid((features, gates * units))),
        (f"{scope}/{cell}/recurrent_kernel:0", grid((units, gates * units))),
    ]
    if config.get("use_bias", True):
        bias_shape = (2, 3 * units) if kind == "GRU" and config["reset_after"] else (gates * units,)
        weights.append((f"{scope}/{cell}/bias:0", grid(bias_shape, scale=0.25)))
    return weights


def recurrent_config(name, units, **options):
    config = {
        "name": name, "trainable": True, "dtype": "float32", "units": units, "activation": "tanh",
        "recurrent_activation": "sigmoid", "use_bias": True, "return_sequences": False, "return_state": False,
        "go_backwards": False, "stateful": False, "unroll": False, "dropout": 0.0, "recurrent_dropout": 0.0,
    }
    config.update(options)
    return config


def recurrent(kind, name, features, units, **options):
    if kind == "GRU":
        options.setdefault("reset_after", True)
    config = recurrent_config(name, units, **options)
    return Layer(kind, config, recurrent_weights(kind, name, features, units, config))


def bidirectional_layer(name, kind, inner_name, features, units, merge_mode="concat", **options):
    if kind == "GRU":
        options.setdefault("reset_after", True)
    config = recurrent_config(inner_name, units, **options)
    weights = (recurrent_weights(kind, "forward_" + inner_name, features, units, config, prefix=name)
               + recurrent_weights(kind, "backward_" + inner_name, features, units, config, prefix=name))
    return Layer("Bidirectional", {"name": name, "trainable": True, "merge_mode": merge_mode,
                                   "layer": {"class_name": kind, "config": config}}, weights)


def dense_layer(name, features, units, activation="linear", use_bias=True):
    weights = [(f"{name}/kernel:0", grid((features, units)))]
    if use_bias:
        weights.append((f"{name}/bias:0", grid((units,), scale=0.25)))
    return Layer("Dense", {"name": name, "trainable": True, "units": units, "activation": activation, "use_bias": use_bias}, weights)


def embedding_layer(name, input_dim, output_dim, input_length, weights=None):
    values = grid((input_dim, output_dim)) if weights is None else weights
    return Layer("Embedding", {"name": name, "trainable": True, "input_dim": input_dim, "output_dim": output_dim,
                               "mask_zero": False, "input_length": input_length}, [(f"{name}/embeddings:0", values)])


def conv1d_layer(name, channels, filters, kernel_size, activation="linear"):
    weights = [(f"{name}/kernel:0", grid((kernel_size, channels, filters))), (f"{name}/bias:0", grid((filters,), scale=0.25))]
    return Layer("Conv1D", {"name": name, "trainable": True, "filters": filters, "kernel_size": [kernel_size], "strides": [1],
                            "padding": "valid", "dilation_rate": [1], "activation": activation, "use_bias": True}, weights)


def plain_layer(class_name, name, **config):
    return Layer(class_name, dict({"name": name, "trainable": True}, **config), [])


# ---------------------------------------------------------------- writing

def text(value, variable_length):
    return value if variable_length else value.encode("utf8")


def write_layers(group, layers, variable_length):
    names = [layer.config["name"] for layer in layers]
    group.attrs["layer_names"] = names if variable_length else np.asarray([n.encode("utf8") for n in names])
    group.attrs["backend"] = text("tensorflow", variable_length)
    group.attrs["keras_version"] = text(KERAS_VERSION, variable_length)
    for layer in layers:
        g = group.create_group(layer.config["name"])
        weight_names = [n for n, _ in layer.weights]
        # As Keras: np.asarray of the encoded names, which for a layer without weights is an empty float64 array.
        g.attrs["weight_names"] = weight_names if variable_length else np.asarray([n.encode("utf8") for n in weight_names])
        for n, v in layer.weights:
            g.create_dataset(n, data=v, compression="gzip", compression_opts=9, shuffle=True)


def model_config(name, input_shape, input_dtype, layers):
    entries = [{"class_name": "InputLayer", "config": {"batch_input_shape": [None] + list(input_shape), "dtype": input_dtype,
                                                       "sparse": False, "ragged": False, "name": name + "_input"}}]
    entries += [{"class_name": layer.class_name, "config": layer.config} for layer in layers]
    return {"class_name": "Sequential", "config": {"name": name, "layers": entries}}


def forward(layers, x):
    y = x
    for layer in layers:
        y = FORWARD[layer.class_name](y, layer.named(), layer.config)
    return y


def save(file_name, name, input_shape, input_dtype, layers, x, full_model, variable_length=False):
    path = os.path.join(HERE, file_name)
    with h5py.File(path, "w") as f:
        if full_model:
            f.attrs["keras_version"] = text(KERAS_VERSION, variable_length)
            f.attrs["backend"] = text("tensorflow", variable_length)
            f.attrs["model_config"] = text(json.dumps(model_config(name, input_shape, input_dtype, layers)), variable_length)
            write_layers(f.create_group("model_weights"), layers, variable_length)
        else:
            write_layers(f, layers, variable_length)
    expected = forward(layers, x)
    out = {"file": file_name, "input_shape": list(x.shape), "input": x.reshape(-1).tolist(),
           "output_shape": list(expected.shape), "output": expected.reshape(-1).tolist()}
    with open(os.path.join(HERE, "expected_" + os.path.splitext(file_name)[0] + ".json"), "w") as f:
        json.dump(out, f)
    print(f"{file_name}: {os.path.getsize(path)} bytes, output {expected.shape}, range [{expected.min():.4f}, {expected.max():.4f}]")


def ids(batch, length, vocabulary, padded):
    x = rng.integers(1, vocabulary, size=(batch, length))
    for row, pad in enumerate(padded):
        x[row, :pad] = 0  # Keras's pad_sequences pads at the front
    return x


def features(batch, steps, width):
    return grid((batch, steps, width), scale=1.0).astype(np.float64)


# 1. The IMDB LSTM (Deep Learning with Python 6.2) as model.save writes it: Embedding(10000, 128), LSTM(32), Dense(1, sigmoid).
imdb = [
    embedding_layer("embedding", 10000, 128, 40, weights=sparse_grid((10000, 128))),
    recurrent("LSTM", "lstm", 128, 32),
    dense_layer("dense", 32, 1, "sigmoid"),
]
save("imdb_lstm.h5", "imdb_lstm", [40], "float32", imdb, ids(6, 40, 10000, [0, 5, 17, 0, 39, 2]), full_model=True)

# 2. Both GRU forms stacked, a Dropout (no weights) between them, a softmax head; weights only.
grus = [
    recurrent("GRU", "gru", 5, 6, return_sequences=True),
    plain_layer("Dropout", "dropout", rate=0.5),
    recurrent("GRU", "gru_1", 6, 4, reset_after=False),
    dense_layer("dense", 4, 3, "softmax"),
]
save("gru_both_forms_weights.h5", "gru_both_forms", [7, 5], "float32", grus, features(3, 7, 5), full_model=False)

# 3. The same layers as a full model, with variable-length string attributes.
save("gru_both_forms.h5", "gru_both_forms", [7, 5], "float32", grus, features(3, 7, 5), full_model=True, variable_length=True)

# 4. Bidirectional SimpleRNN (sequences, concat) then Bidirectional LSTM (sum, hard_sigmoid gates) and GRU going backwards.
bidirectional_model = [
    bidirectional_layer("bidirectional", "SimpleRNN", "simple_rnn", 4, 5, return_sequences=True),
    bidirectional_layer("bidirectional_1", "LSTM", "lstm", 10, 3, merge_mode="sum", recurrent_activation="hard_sigmoid",
                        return_sequences=True),
    recurrent("GRU", "gru", 3, 4, go_backwards=True),
    dense_layer("dense", 4, 2, use_bias=False),
]
save("bidirectional.h5", "bidirectional", [6, 4], "float32", bidirectional_model, features(2, 6, 4), full_model=True)

# 5. Embedding, Conv1D (relu), GlobalMaxPooling1D, SimpleRNN-free head; weights only.
convolution = [
    embedding_layer("embedding", 50, 8, 12),
    conv1d_layer("conv1d", 8, 6, 3, "relu"),
    plain_layer("GlobalMaxPooling1D", "global_max_pooling1d"),
    dense_layer("dense", 6, 1, "sigmoid"),
]
save("conv1d_weights.h5", "conv1d", [12], "float32", convolution, ids(4, 12, 50, [0, 3, 0, 0]), full_model=False)

# 6. Not a Keras file: an HDF5 file without model_weights or layer_names.
with h5py.File(os.path.join(HERE, "not_keras.h5"), "w") as f:
    f.create_dataset("data", data=np.arange(4, dtype=np.float32))
print("not_keras.h5 written")

# 7. A weights file whose dense layer lists a bias the file does not hold.
path = os.path.join(HERE, "missing_dataset.h5")
with h5py.File(path, "w") as f:
    write_layers(f, convolution, variable_length=False)
    del f["dense/dense/bias:0"]
print("missing_dataset.h5 written")

# 8. ConvLSTM2D(3, (2, 2)) on 2-channel frames, weights only; the expected values are the weights in libtorch's layout
#    ([4·filters, channels, rows, columns], gates i, f, c, o as Keras), as NumPy transposes them.
conv_lstm = Layer("ConvLSTM2D", {"name": "conv_lstm2d", "filters": 3}, [
    ("conv_lstm2d/kernel:0", grid((2, 2, 2, 12))),
    ("conv_lstm2d/recurrent_kernel:0", grid((2, 2, 3, 12))),
    ("conv_lstm2d/bias:0", grid((12,), scale=0.25)),
])
with h5py.File(os.path.join(HERE, "conv_lstm2d_weights.h5"), "w") as f:
    write_layers(f, [conv_lstm], variable_length=False)
named = conv_lstm.named()
with open(os.path.join(HERE, "expected_conv_lstm2d_weights.json"), "w") as f:
    json.dump({"weight_ih": named["kernel"].transpose(3, 2, 0, 1).reshape(-1).tolist(),
               "weight_hh": named["recurrent_kernel"].transpose(3, 2, 0, 1).reshape(-1).tolist(),
               "bias": named["bias"].tolist()}, f)
print("conv_lstm2d_weights.h5 written")

# 9. A functional model (keras.Model(inputs, outputs)) saved with model.save: layer_names starts with the InputLayer,
#    whose group has no weights, and model_config's class is Functional with each layer's name beside its config.
functional = [
    embedding_layer("embedding", 50, 8, 12),
    recurrent("SimpleRNN", "simple_rnn", 8, 4, activation="relu"),
    dense_layer("dense", 4, 1, "sigmoid"),
]
input_layer = plain_layer("InputLayer", "input_1", batch_input_shape=[None, 12], dtype="int32", sparse=False, ragged=False)
path = os.path.join(HERE, "functional.h5")
with h5py.File(path, "w") as f:
    entries, previous = [], None
    for layer in [input_layer] + functional:
        inbound = [] if previous is None else [[[previous, 0, 0, {}]]]
        entries.append({"class_name": layer.class_name, "config": layer.config, "name": layer.config["name"], "inbound_nodes": inbound})
        previous = layer.config["name"]
    config = {"class_name": "Functional", "config": {"name": "model", "layers": entries, "input_layers": [["input_1", 0, 0]],
                                                     "output_layers": [["dense", 0, 0]]}}
    f.attrs["keras_version"] = text(KERAS_VERSION, False)
    f.attrs["backend"] = text("tensorflow", False)
    f.attrs["model_config"] = text(json.dumps(config), False)
    write_layers(f.create_group("model_weights"), [input_layer] + functional, False)
x = ids(3, 12, 50, [0, 4, 0])
expected = forward(functional, x)
with open(os.path.join(HERE, "expected_functional.json"), "w") as f:
    json.dump({"file": "functional.h5", "input_shape": list(x.shape), "input": x.reshape(-1).tolist(),
               "output_shape": list(expected.shape), "output": expected.reshape(-1).tolist()}, f)
print(f"functional.h5: {os.path.getsize(path)} bytes, output {expected.shape}")
