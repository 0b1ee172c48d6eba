"""The PyTorch side of `make bench-cnn`: the same architecture (built from Tagmine's own TOML text),
the same spectrograms, folds, batch size and optimiser, augmentation off; trains every fold and a
final model for a fixed number of epochs and prints the timings as JSON.

    python3 torch_cnn.py ARCH.toml DATA.f32 LABELS.i32 FOLDS.i32 MELS FRAMES CLASSES EPOCHS BATCH THREADS
"""
import json
import math
import os
import sys
import time
import tomllib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class SamePad(nn.Module):
    """Keras' "same" padding for a kernel and stride: ceil(size / stride) outputs."""

    def __init__(self, kernel, stride):
        super().__init__()
        self.kernel, self.stride = kernel, stride

    def forward(self, x):
        pads = []
        for size, k, s in ((x.shape[3], self.kernel[1], self.stride[1]), (x.shape[2], self.kernel[0], self.stride[0])):
            out = math.ceil(size / s)
            total = max((out - 1) * s + k - size, 0)
            pads += [total // 2, total - total // 2]
        return F.pad(x, pads)


def pair(values):
    return (values[0], values[1]) if len(values) == 2 else (1, values[0])


class Fold(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], x.shape[1] * x.shape[2], 1, x.shape[3])


class Parallel(nn.Module):
    def __init__(self, branches):
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x):
        return sum(branch(x) for branch in self.branches)


class GlobalPool(nn.Module):
    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def forward(self, x):
        if self.kind == "max":
            return x.amax(dim=(2, 3))
        if self.kind == "average+max":
            return torch.cat([x.mean(dim=(2, 3)), x.amax(dim=(2, 3))], dim=1)
        return x.mean(dim=(2, 3))


def blocks(spec, architecture, channels, mels):
    layers = []
    for block in spec:
        if "parallel" in block:
            branches = []
            for name in block["parallel"]:
                branch, out = blocks(architecture["branch"][name], architecture, channels, mels)
                branches.append(branch)
            layers.append(Parallel(branches))
            channels = out
        elif "conv" in block or "conv1d" in block:
            if "conv1d" in block:
                layers.append(Fold())
                channels, mels = channels * mels, 1
            filters = block.get("conv", block.get("conv1d"))
            kernel, stride = pair(block["kernel"]), pair(block.get("stride", [1, 1]))
            if block.get("padding", "same") == "same":
                layers.append(SamePad(kernel, stride))
            layers.append(nn.Conv2d(channels, filters, kernel, stride=stride))
            channels = filters
            mels = math.ceil(mels / stride[0])
        if block.get("norm") == "batch":
            layers.append(nn.BatchNorm2d(channels))
        activation = block.get("activation", "relu" if ("conv" in block or "conv1d" in block) else "none")
        if activation == "relu":
            layers.append(nn.ReLU())
        elif activation == "leaky-relu":
            layers.append(nn.LeakyReLU(block.get("leak", 0.01)))
        if "pool" in block:
            size = tuple(block.get("pool-size", [2, 2]))
            stride = tuple(block.get("pool-stride", size))
            layers.append((nn.MaxPool2d if block["pool"] == "max" else nn.AvgPool2d)(size, stride))
            mels = (mels - size[0]) // stride[0] + 1
        if block.get("dropout", 0) > 0:
            layers.append(nn.Dropout(block["dropout"]))
    return nn.Sequential(*layers), channels


def network(architecture, mels, classes):
    trunk, channels = blocks(architecture["block"], architecture, 1, mels)
    head = architecture.get("head", {})
    pool = head.get("pool", "average")
    layers = [trunk, GlobalPool(pool)]
    width = channels * (2 if pool == "average+max" else 1)
    hidden = head.get("hidden", [])
    for index, outputs in enumerate(hidden + [classes]):
        if head.get("dropout", 0) > 0:
            layers.append(nn.Dropout(head["dropout"]))
        layers.append(nn.Linear(width, outputs))
        if index < len(hidden):
            layers.append(nn.ReLU())
        width = outputs
    return nn.Sequential(*layers)


def main():
    arch, data, labels, folds, mels, frames, classes, epochs, batch, threads = sys.argv[1:]
    mels, frames, classes, epochs, batch = int(mels), int(frames), int(classes), int(epochs), int(batch)
    torch.set_num_threads(int(threads))
    # PyTorch's CPU convolutions run on oneDNN; the driver also times them without it.
    torch.backends.mkldnn.enabled = os.environ.get("TAGMINE_BENCH_ONEDNN", "1") == "1"
    torch.manual_seed(0)
    architecture = tomllib.loads(open(arch).read())
    x = torch.from_numpy(np.fromfile(data, dtype=np.float32).reshape(-1, 1, mels, frames))
    y = torch.from_numpy(np.fromfile(labels, dtype=np.int32).astype(np.int64))
    fold_of = np.fromfile(folds, dtype=np.int32)
    count = int(fold_of.max()) + 1
    correct, started = 0, time.perf_counter()
    final = None
    for fold in list(range(count)) + [None]:
        train = np.where(fold_of != fold)[0] if fold is not None else np.arange(len(y))
        mean = x[train].mean(dim=(0, 1, 3), keepdim=True)
        std = x[train].std(dim=(0, 1, 3), keepdim=True, unbiased=False).clamp_min(1e-6)
        model = network(architecture, mels, classes)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        model.train()
        for _ in range(epochs):
            order = np.random.permutation(train)
            for start in range(0, len(order), batch):
                rows = order[start:start + batch]
                optimizer.zero_grad()
                loss = F.cross_entropy(model((x[rows] - mean) / std), y[rows])
                loss.backward()
                optimizer.step()
        model.eval()
        if fold is None:
            final = (model, mean, std)
            continue
        held = np.where(fold_of == fold)[0]
        with torch.no_grad():
            correct += int((model((x[held] - mean) / std).argmax(dim=1) == y[held]).sum())
    seconds = time.perf_counter() - started
    model, mean, std = final
    predict_started = time.perf_counter()
    with torch.no_grad():
        for start in range(0, len(y), batch):
            torch.softmax(model((x[start:start + batch] - mean) / std), dim=1)
    predict = time.perf_counter() - predict_started
    print(json.dumps({
        "seconds": seconds, "epochSeconds": seconds / ((count + 1) * epochs), "accuracy": correct / len(y),
        "predictPer1000": predict / len(y) * 1000, "torch": torch.__version__,
        "onednn": torch.backends.mkldnn.enabled,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
