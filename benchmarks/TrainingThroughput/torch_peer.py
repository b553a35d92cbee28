"""The PyTorch side of `TrainingThroughput --peer`: the peer models trained and run the way a PyTorch user writes it.

Started once by PeerComparison.cs with /usr/bin/python3 (Debian's python3-torch). It reads one JSON request per line on
stdin and answers each with one JSON line on stdout, so the C# side can alternate its own runs with these round by
round while torch is imported only once. A request names a model by its shape:

    {"name": "imdb-gru", "sequence": 40, "vocabulary": 10000, "embedding": 128, "cell": "gru", "units": 32,
     "bidirectional": false, "dense": 0, "outputs": 1, "batch": 32, "steps": 600, "mark": 100,
     "predict": [[1, 200], [256, 20]], "seed": 42, "profile": 0}

and gets back the duration of every timed training step (from the end of step `mark` to the end of the last step),
the median duration of `predict` calls at each batch size, and with "profile": N the median of each phase of N steps.
The training loop: a randperm order per epoch, index the batch, zero_grad, forward to the logits, the fused loss
(BCEWithLogitsLoss, or CrossEntropyLoss for several classes), backward, Adam step (lr 1e-3, betas 0.9/0.999, eps
1e-7), then loss.item() and the batch's correct count, as Keras's and ModelDsl's fit report loss and accuracy.
Predict: eval mode, no_grad, the sigmoid/softmax of the logits. It can be tried on its own:

    echo '{"name":"imdb-gru","sequence":40,"vocabulary":10000,"embedding":128,"cell":"gru","units":32,"bidirectional":false,"dense":0,"outputs":1,"batch":32,"steps":60,"mark":20,"predict":[[1,20]],"seed":1,"profile":0}' \
        | /usr/bin/python3 benchmarks/TrainingThroughput/torch_peer.py --threads 2
"""

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time

import torch
from torch import nn


class PeerModel(nn.Module):
    """Embedding -> SimpleRNN/GRU/LSTM (last state; both directions' concatenated) -> [Dense relu] -> Dense logits."""

    def __init__(self, spec):
        super().__init__()
        cells = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}
        self.embedding = nn.Embedding(spec["vocabulary"], spec["embedding"])
        self.recurrent = cells[spec["cell"]](spec["embedding"], spec["units"], batch_first=True,
                                             bidirectional=spec["bidirectional"])
        features = spec["units"] * (2 if spec["bidirectional"] else 1)
        self.hidden = nn.Linear(features, spec["dense"]) if spec["dense"] else None
        self.output = nn.Linear(spec["dense"] or features, spec["outputs"])

    def recurrent_state(self, embedded):
        _, state = self.recurrent(embedded)
        h = state[0] if isinstance(state, tuple) else state      # [directions, B, units]
        return torch.cat([h[0], h[1]], dim=1) if h.shape[0] == 2 else h[0]

    def head(self, state):
        if self.hidden is not None:
            state = torch.relu(self.hidden(state))
        return self.output(state)

    def forward(self, ids):
        return self.head(self.recurrent_state(self.embedding(ids)))


def loss_and_correct(spec):
    if spec["outputs"] == 1:
        loss = nn.BCEWithLogitsLoss()
        return loss, lambda logits, y: ((logits > 0).to(y.dtype) == y).sum()
    loss = nn.CrossEntropyLoss()
    return loss, lambda logits, y: (logits.argmax(1) == y).sum()


def activate(spec, logits):
    return torch.sigmoid(logits) if spec["outputs"] == 1 else torch.softmax(logits, dim=1)


def data(spec, rows, generator):
    x = torch.randint(0, spec["vocabulary"], (rows, spec["sequence"]), generator=generator)
    if spec["outputs"] == 1:
        y = torch.randint(0, 2, (rows, 1), generator=generator).float()
    else:
        y = torch.randint(0, spec["outputs"], (rows,), generator=generator)
    return x, y


def train(spec, model, x, y, generator):
    """Times every step from the marked one on; returns the durations (ms) of the steps after it."""
    batch, steps, mark = spec["batch"], spec["steps"], spec["mark"]
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn, correct_fn = loss_and_correct(spec)
    model.train()
    rows = x.shape[0]
    per_epoch = rows // batch
    stamps = []
    total_loss, correct, done = 0.0, 0, 0
    while done < steps:
        order = torch.randperm(rows, generator=generator)
        for step in range(per_epoch):
            if done >= steps:
                break
            index = order[step * batch:(step + 1) * batch]
            xb, yb = x[index], y[index]
            optimizer.zero_grad()
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            optimizer.step()
            total_loss += loss.item()
            correct += int(correct_fn(logits.detach(), yb))
            done += 1
            if done >= mark:
                stamps.append(time.perf_counter())
    return [(b - a) * 1000 for a, b in zip(stamps, stamps[1:])]


def predict(spec, model, x, rows, calls):
    model.eval()
    batch = x[:rows]
    times = []
    with torch.no_grad():
        for _ in range(calls + 2):   # the first two calls are not timed
            start = time.perf_counter()
            out = activate(spec, model(batch))
            times.append((time.perf_counter() - start) * 1000)
            del out
    return statistics.median(times[2:])


def profile(spec, model, x, y, steps, generator):
    """Medians (ms) of each phase of a training step, the recurrent layer's backward split from the embedding's."""
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn, correct_fn = loss_and_correct(spec)
    model.train()
    batch = spec["batch"]
    names = ["batch", "zero_grad", "embedding", "recurrent", "head", "loss", "backward_head_recurrent",
             "backward_embedding", "optimizer", "item_metric"]
    phases = {n: [] for n in names}
    skip = max(1, steps // 5)
    for step in range(steps):
        t = [time.perf_counter()]
        index = torch.randint(0, x.shape[0], (batch,), generator=generator)
        xb, yb = x[index], y[index]
        t.append(time.perf_counter())
        optimizer.zero_grad()
        t.append(time.perf_counter())
        embedded = model.embedding(xb)
        t.append(time.perf_counter())
        leaf = embedded.detach().requires_grad_()
        state = model.recurrent_state(leaf)
        t.append(time.perf_counter())
        logits = model.head(state)
        t.append(time.perf_counter())
        loss = loss_fn(logits, yb)
        t.append(time.perf_counter())
        loss.backward()
        t.append(time.perf_counter())
        embedded.backward(leaf.grad)
        t.append(time.perf_counter())
        optimizer.step()
        t.append(time.perf_counter())
        loss.item()
        int(correct_fn(logits.detach(), yb))
        t.append(time.perf_counter())
        if step >= skip:
            for i, n in enumerate(names):
                phases[n].append((t[i + 1] - t[i]) * 1000)
    return {n: statistics.median(v) for n, v in phases.items()}


def serve(request):
    torch.manual_seed(request["seed"])
    generator = torch.Generator().manual_seed(request["seed"])
    rows = min(request["steps"], 1000) * request["batch"]
    rows = max(rows, max([r for r, _ in request["predict"]] + [request["batch"]]))
    x, y = data(request, rows, generator)
    model = PeerModel(request)
    gc.collect()
    reply = {"name": request["name"]}
    if request.get("profile"):
        reply["profile"] = profile(request, model, x, y, request["profile"], generator)
        return reply
    reply["step_ms"] = train(request, model, x, y, generator)
    reply["predict_ms"] = {str(r): predict(request, model, x, r, calls) for r, calls in request["predict"]}
    return reply


def blas_libraries():
    """The BLAS libraries torch loaded: Debian's torch uses whatever libblas.so.3 points to, and the reference BLAS
    (no OpenBLAS installed) is several times slower than OpenBLAS, so the result says which one ran."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "none found"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    hello = {"python": platform.python_version(), "torch": torch.__version__, "threads": torch.get_num_threads(),
             "parallel": torch.__config__.parallel_info().splitlines()[-1].strip(), "blas": blas_libraries()}
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        print(json.dumps(serve(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
