"""Writes torch_layers.json: forward values and gradients of every CNN layer Tagmine trains, and of
a whole small network, computed by PyTorch in float64 on float32-representable inputs.

Run from this folder with Debian's python3-torch (`make cnn-fixtures`). The Swift tests
(ConvLayerGradientTests) rebuild each layer or the network with these weights and compare.
"""
import json
import math
from pathlib import Path

import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
torch.manual_seed(20261202)
torch.set_default_dtype(torch.float64)


def values(shape, scale=1.0):
    """Random values rounded to float32, so that Swift sees exactly the same numbers."""
    return (torch.randn(*shape) * scale).float().double()


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def same_pads(size, kernel, stride):
    """Keras' "same": ceil(size / stride) outputs, the odd padding at the end."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def conv(x, w, b, stride, padding):
    if padding == "same":
        top, bottom = same_pads(x.shape[2], w.shape[2], stride[0])
        left, right = same_pads(x.shape[3], w.shape[3], stride[1])
        x = F.pad(x, (left, right, top, bottom))
    return F.conv2d(x, w, b, stride=stride)


def layer_case(name, x, forward, params, extra=None):
    x = x.clone().requires_grad_(True)
    params = [p.clone().requires_grad_(True) for p in params]
    y = forward(x, params)
    upstream = values(y.shape)
    (y * upstream).sum().backward()
    case = {
        "name": name,
        "inputShape": list(x.shape),
        "input": flat(x),
        "parameters": [flat(p) for p in params],
        "output": flat(y),
        "outputShape": list(y.shape),
        "upstream": flat(upstream),
        "inputGradient": flat(x.grad),
        "parameterGradients": [flat(p.grad) for p in params],
    }
    case.update(extra or {})
    return case


def layer_cases():
    cases = []
    x = values((2, 3, 7, 9))
    w, b = values((4, 3, 3, 2), 0.3), values((4,), 0.1)
    pad = (same_pads(7, 3, 2)[0], same_pads(9, 2, 1)[0])
    cases.append(layer_case("conv-same-stride", x, lambda x, p: conv(x, p[0], p[1], (2, 1), "same"), [w, b],
                            {"kernel": [3, 2], "stride": [2, 1], "padding": list(pad)}))
    w, b = values((5, 3, 2, 4), 0.3), values((5,), 0.1)
    cases.append(layer_case("conv-valid-stride", x, lambda x, p: conv(x, p[0], p[1], (2, 3), "valid"), [w, b],
                            {"kernel": [2, 4], "stride": [2, 3], "padding": [0, 0]}))

    x = values((3, 2, 4, 5), 2.0) + 1.5
    gamma, beta = values((2,), 0.5) + 1, values((2,), 0.5)
    mean0, var0 = torch.zeros(2), torch.ones(2)

    def bn_train(x, p):
        mean, var = mean0.clone(), var0.clone()
        y = F.batch_norm(x, mean, var, p[0], p[1], training=True, momentum=0.1, eps=1e-5)
        bn_train.stats = [flat(mean), flat(var)]
        return y
    case = layer_case("batchnorm-training", x, bn_train, [gamma, beta])
    case["statistics"] = bn_train.stats
    cases.append(case)
    running_mean, running_var = values((2,)), values((2,)).abs() + 0.5
    case = layer_case(
        "batchnorm-inference", x,
        lambda x, p: F.batch_norm(x, running_mean, running_var, p[0], p[1], training=False, eps=1e-5),
        [gamma, beta])
    case["statistics"] = [flat(running_mean), flat(running_var)]
    cases.append(case)

    x = values((2, 3, 4, 6))
    cases.append(layer_case("relu", x, lambda x, p: F.relu(x), []))
    cases.append(layer_case("leaky-relu", x, lambda x, p: F.leaky_relu(x, 0.1), [], {"slope": 0.1}))
    x = values((2, 3, 7, 9))
    cases.append(layer_case("max-pool", x, lambda x, p: F.max_pool2d(x, (2, 2)), [],
                            {"size": [2, 2], "stride": [2, 2]}))
    cases.append(layer_case("average-pool", x, lambda x, p: F.avg_pool2d(x, (2, 3), stride=(1, 2)), [],
                            {"size": [2, 3], "stride": [1, 2]}))
    cases.append(layer_case("global-average", x, lambda x, p: x.mean(dim=(2, 3)), []))
    cases.append(layer_case("global-max", x, lambda x, p: x.amax(dim=(2, 3)), []))
    cases.append(layer_case(
        "global-both", x, lambda x, p: torch.cat([x.mean(dim=(2, 3)), x.amax(dim=(2, 3))], dim=1), []))
    x = values((4, 6, 1, 1))
    w, b = values((3, 6), 0.4), values((3,), 0.1)
    cases.append(layer_case("dense", x, lambda x, p: F.linear(x.reshape(4, 6), p[0], p[1]), [w, b]))
    return cases


# The whole network the test builds from this architecture; tensors in Tagmine's order: each
# layer's parameters (branches in order), then every batch norm's running statistics.
ARCHITECTURE = {
    "format": 1,
    "block": [
        {"parallel": ["a", "b"], "pool": "max", "pool-size": [2, 2]},
        {"conv": 6, "kernel": [3, 3], "activation": "leaky-relu", "leak": 0.1, "pool": "average",
         "pool-size": [1, 2]},
        {"conv1d": 5, "kernel": [3], "norm": "batch"},
    ],
    "branch": {
        "a": [{"conv": 4, "kernel": [1, 3], "stride": [1, 2], "norm": "batch"},
              {"conv": 4, "kernel": [3, 1], "stride": [2, 1], "norm": "batch"}],
        "b": [{"conv": 4, "kernel": [1, 5], "stride": [1, 2], "norm": "batch"},
              {"conv": 4, "kernel": [5, 1], "stride": [2, 1], "norm": "batch"}],
    },
    "head": {"pool": "average+max", "hidden": [7]},
}


def network_case():
    n, mels, frames, classes = 4, 12, 16, 3
    x = values((n, 1, mels, frames), 3.0)
    targets = torch.softmax(values((n, classes)) * 2, dim=1).float().double()
    tensors, stats = [], []

    def conv_params(cin, cout, kh, kw):
        w = values((cout, cin, kh, kw), 1 / math.sqrt(cin * kh * kw))
        b = values((cout,), 0.1)
        tensors.extend([w, b])
        return w, b

    def bn_params(c):
        g, b = values((c,), 0.2) + 1, values((c,), 0.2)
        tensors.extend([g, b])
        mean, var = torch.zeros(c), torch.ones(c)
        stats.extend([mean, var])
        return g, b, mean, var

    branches = {}
    for name, k in (("a", 3), ("b", 5)):
        branches[name] = [conv_params(1, 4, 1, k), bn_params(4), conv_params(4, 4, k, 1), bn_params(4)]
    conv2 = conv_params(4, 6, 3, 3)
    conv3 = conv_params(6 * 3, 5, 1, 3)
    bn3 = bn_params(5)
    hidden = [values((7, 10), 0.3), values((7,), 0.1)]
    out = [values((classes, 7), 0.3), values((classes,), 0.1)]
    tensors.extend(hidden + out)
    for t in tensors:
        t.requires_grad_(True)
    x.requires_grad_(True)
    initial = [flat(t) for t in tensors] + [flat(s) for s in stats]

    def bn(h, p):
        return F.batch_norm(h, p[2], p[3], p[0], p[1], training=True, momentum=0.1, eps=1e-5)

    def branch(h, layers, k):
        h = F.relu(bn(conv(h, *layers[0], (1, 2), "same"), layers[1]))
        return F.relu(bn(conv(h, *layers[2], (2, 1), "same"), layers[3]))

    h = branch(x, branches["a"], 3) + branch(x, branches["b"], 5)
    h = F.max_pool2d(h, (2, 2))
    h = F.avg_pool2d(F.leaky_relu(conv(h, *conv2, (1, 1), "same"), 0.1), (1, 2))
    h = h.reshape(n, h.shape[1] * h.shape[2], 1, h.shape[3])
    h = F.relu(bn(conv(h, *conv3, (1, 1), "same"), bn3))
    h = torch.cat([h.mean(dim=(2, 3)), h.amax(dim=(2, 3))], dim=1)
    h = F.relu(F.linear(h, *hidden))
    logits = F.linear(h, *out)
    loss = -(targets * F.log_softmax(logits, dim=1)).sum(dim=1).mean()
    loss.backward()
    return {
        "architecture": ARCHITECTURE,
        "inputShape": [n, 1, mels, frames],
        "input": flat(x),
        "targets": flat(targets),
        "tensors": initial,
        "probabilities": flat(torch.softmax(logits, dim=1)),
        "loss": float(loss),
        "inputGradient": flat(x.grad),
        "tensorGradients": [flat(t.grad) for t in tensors],
        "statisticsAfter": [flat(s) for s in stats],
    }


if __name__ == "__main__":
    document = {"torch": torch.__version__, "layers": layer_cases(), "network": network_case()}
    (HERE / "torch_layers.json").write_text(json.dumps(document, separators=(",", ":")) + "\n")
    print("wrote torch_layers.json")
