import Foundation

/// The classifier head to train.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    /// Multinomial logistic (softmax) regression, or one sigmoid per class for multi-label sets.
    case softmax
    /// A multi-layer perceptron: 1–2 hidden ReLU layers with dropout.
    case mlp
    /// A convolutional network on log-mel spectrograms (``ConvolutionOptions``).
    case cnn
    /// musicnn trained on the Million Song Dataset, fine-tuned (``TrainingOptions/fineTune``
    /// `backend` or `all`, ``TransferOptions``) with a head on its embedding.
    case musicnnMSD = "musicnn-msd"
    /// musicnn trained on MagnaTagATune, fine-tuned the same way.
    case musicnnMTT = "musicnn-mtt"

    /// Whether the model fine-tunes a pretrained network's own layers.
    public var isPretrained: Bool { self == .musicnnMSD || self == .musicnnMTT }
}

/// The optimiser.
public enum OptimizerKind: String, Sendable, Codable, CaseIterable {
    /// Adam (Kingma & Ba).
    case adam
    /// AMSGrad: Adam with the running maximum of the second moment (Reddi et al.).
    case amsgrad
    /// Stochastic gradient descent with momentum (``TrainingOptions/momentum``).
    case sgd
    /// Full-batch limited-memory BFGS from zero weights (softmax regression only): scikit-learn's
    /// `LogisticRegression(solver="lbfgs")` when nothing is held out, otherwise stopped at the
    /// iteration count with the best validation loss (``TrainingOptions/epochs`` bounds it).
    case lbfgs
}

/// How the learning rate changes over the epochs.
public enum LearningRateSchedule: String, Sendable, Codable, CaseIterable {
    /// The same rate every epoch.
    case constant
    /// Cosine annealing from the rate to zero over the epochs.
    case cosine
    /// Triangular cycles between a tenth of the rate and the rate, `cycleEpochs` long.
    case cyclic
}

/// How classes are weighted in the loss.
public enum ClassWeighting: String, Sendable, Codable, CaseIterable {
    /// Every track counts the same.
    case none
    /// Each class weighted `n / (classes · n_class)`, scikit-learn's `class_weight="balanced"`.
    case balanced
}

/// Everything that decides how a head is trained: stored with every run.
public struct TrainingOptions: Sendable, Equatable, Codable {
    /// Softmax regression or MLP.
    public var model = ModelKind.softmax
    /// Hidden layer widths for the MLP (one or two layers).
    public var hidden = [256]
    /// Dropout on hidden activations during training.
    public var dropout: Float = 0.2
    /// L2 penalty on weights (not biases), added to the mean loss as `l2 / 2 · ‖W‖²`; `nil`:
    /// `10 / n` for `n` training tracks, scikit-learn's `C = 0.1` (``penalty(rows:)``).
    public var l2: Float?
    /// The optimiser.
    public var optimizer = OptimizerKind.lbfgs
    /// The base learning rate.
    public var learningRate: Float = 3e-3
    /// SGD's momentum.
    public var momentum: Float = 0.9
    /// The learning-rate schedule.
    public var schedule = LearningRateSchedule.constant
    /// Epochs per cycle of the cyclic schedule.
    public var cycleEpochs = 10
    /// Most epochs.
    public var epochs = 100
    /// Tracks per mini-batch.
    public var batchSize = 64
    /// Mixup's Beta(α, α) parameter; 0 turns mixup off.
    public var mixup: Float = 0
    /// Class weighting in the loss.
    public var classWeight = ClassWeighting.none
    /// Share of the training part held out for early stopping (and multi-label thresholds).
    public var validationFraction: Float = 0.1
    /// Epochs without a better validation loss before training stops (the best epoch is kept).
    public var patience = 5
    /// After early stopping, train again on every training row (validation part included) for the
    /// best epoch count: the held-out tenth then counts towards the final weights.
    public var refit = true
    /// The seed.
    public var seed: UInt64 = 42
    /// Which pretrained layers the head starts from (recorded with the run; the weights come with
    /// the ``Trainer``'s ``WarmStart``). `nil`: every layer from random weights.
    public var fineTune: FineTuning?
    /// The network, crops and augmentation of a ``ModelKind/cnn`` run (`nil` for the heads).
    public var convolution: ConvolutionOptions?
    /// The rate ratio and batch statistics of a fine-tuned pretrained network (`nil` otherwise).
    public var transfer: TransferOptions?
    /// A CNN trained as a new output layer on this run's network, every other layer frozen
    /// (`--freeze-trunk RUN`: a multi-task run's trunk for another version); `nil` otherwise.
    public var frozenTrunk: Int64?

    /// The defaults: softmax regression by L-BFGS with L2 `10 / n` (scikit-learn's
    /// `LogisticRegression(C=0.1)`), stopped at the iteration with the lowest loss on a held-out
    /// part (in cross-validation one of the other folds, else a tenth) five iterations after it, then
    /// refitted on every training track for that many iterations. Stopping early regularises more
    /// than the L2 term alone: 3 points above the converged model on `make bench-train`'s clips and
    /// as accurate on FSDD's held-out speakers, at a fifth of the iterations (README "Training").
    public init() {}

    /// The L2 penalty for a training part of `rows` tracks.
    public func penalty(rows: Int) -> Float { l2 ?? 10 / Float(max(1, rows)) }

    /// The defaults for `model`: softmax regression's (``init()``); for the MLP Adam at 0.003 with
    /// L2 0.003 in batches of 64, a cosine schedule over 12 epochs on every training track (as
    /// accurate as early stopping and a refit on FSDD and the demo catalogue, 5× faster:
    /// `make bench-train`); for a CNN the compact network on
    /// 3-second crops, Adam at 0.001 with weight decay 1e-4 and a cosine schedule, batches of 32,
    /// mixup 0.2, up to 60 epochs with early stopping (patience 12) and no refit (tuned on FSDD,
    /// README "Training a CNN").
    ///
    /// A pretrained network fine-tunes its back end (`--fine-tune backend`) with frozen batch
    /// statistics, the head at Adam 0.001 and the pretrained layers at a tenth of it, weight decay
    /// 1e-4, batches of 16, up to 20 epochs with early stopping (patience 5) and no refit.
    public static func defaults(for model: ModelKind) -> TrainingOptions {
        var options = TrainingOptions()
        options.model = model
        if model != .softmax { options.optimizer = .adam }
        if model == .mlp {
            options.patience = 10
            options.l2 = 3e-3
            options.schedule = .cosine
            options.epochs = 12
            options.validationFraction = 0
        }
        if model.isPretrained {
            options.fineTune = .backend
            options.transfer = TransferOptions()
            options.learningRate = 1e-3
            options.l2 = 1e-4
            options.batchSize = 16
            options.epochs = 20
            options.patience = 5
            options.validationFraction = 0.15
            options.refit = false
            options.dropout = 0
            return options
        }
        guard model == .cnn else { return options }
        options.convolution = ConvolutionOptions()
        options.learningRate = 1e-3
        options.l2 = 1e-4
        options.schedule = .cosine
        options.batchSize = 32
        options.mixup = 0.2
        options.epochs = 60
        options.patience = 12
        options.validationFraction = 0.15
        options.refit = false
        options.dropout = 0
        return options
    }

    /// Problems with these options, as sentences; empty when they are usable.
    public var problems: [String] {
        var problems: [String] = []
        if model == .mlp && !(1...2).contains(hidden.count) { problems.append("the MLP takes 1 or 2 hidden layers") }
        if hidden.contains(where: { $0 < 1 || $0 > 8_192 }) { problems.append("hidden widths must be 1–8192") }
        if !(0..<1).contains(dropout) { problems.append("dropout must be in [0, 1)") }
        if let l2, !(l2 >= 0) { problems.append("l2 must be ≥ 0") }
        if optimizer == .lbfgs && model != .softmax {
            problems.append("L-BFGS trains softmax regression: --optimizer adam, amsgrad or sgd for \(model.rawValue)")
        }
        if optimizer == .lbfgs && mixup > 0 {
            problems.append("mixup needs mini-batches: --optimizer adam with --mixup")
        }
        if !(learningRate > 0 && learningRate < 10) { problems.append("the learning rate must be in (0, 10)") }
        if epochs < 1 || epochs > 100_000 { problems.append("epochs must be 1–100000") }
        if batchSize < 1 { problems.append("the batch size must be at least 1") }
        if !(mixup >= 0) { problems.append("mixup alpha must be ≥ 0") }
        if !(0..<0.9).contains(validationFraction) { problems.append("the validation fraction must be in [0, 0.9)") }
        if patience < 1 { problems.append("patience must be at least 1") }
        switch (fineTune, model.isPretrained) {
        case (.dense, _) where model != .mlp:
            problems.append("fine-tuning the dense layer trains an MLP on the musicnn extractor's features")
        case (.backend, false), (.all, false):
            problems.append(
                "--fine-tune \(fineTune!.rawValue) trains a pretrained network: --model musicnn-msd or musicnn-mtt")
        case (nil, true), (.dense, true):
            problems.append("name the musicnn layers to train: --fine-tune backend or all")
        default: break
        }
        if model.isPretrained {
            if let transfer { problems += transfer.problems } else { problems.append("fine-tuning needs its options") }
            if mixup > 0 { problems.append("mixup applies to the heads and the CNN, not to fine-tuning") }
        } else if transfer != nil {
            problems.append("the rate ratio and batch statistics apply to fine-tuning (--model musicnn-msd)")
        }
        if !(0..<1).contains(momentum) { problems.append("momentum must be in [0, 1)") }
        if model == .cnn {
            if let convolution { problems += convolution.problems } else { problems.append("a CNN needs its options") }
        } else if convolution != nil {
            problems.append("crops and augmentation apply to a CNN (--model cnn)")
        }
        if frozenTrunk != nil && model != .cnn {
            problems.append("--freeze-trunk trains a CNN's output layer (--model cnn)")
        }
        return problems
    }
}

extension TrainingOptions {
    private enum CodingKeys: String, CodingKey {
        case model, hidden, dropout, l2, optimizer, learningRate, momentum, schedule, cycleEpochs, epochs, batchSize
        case mixup, classWeight, validationFraction, patience, refit, seed, fineTune, convolution, transfer
        case frozenTrunk
    }

    /// Reads options stored by any Tagmine: a field an older one did not write takes its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TrainingOptions()
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        model = try value(.model, defaults.model)
        hidden = try value(.hidden, defaults.hidden)
        dropout = try value(.dropout, defaults.dropout)
        l2 = try container.decodeIfPresent(Float.self, forKey: .l2)
        optimizer = try value(.optimizer, defaults.optimizer)
        learningRate = try value(.learningRate, defaults.learningRate)
        momentum = try value(.momentum, defaults.momentum)
        schedule = try value(.schedule, defaults.schedule)
        cycleEpochs = try value(.cycleEpochs, defaults.cycleEpochs)
        epochs = try value(.epochs, defaults.epochs)
        batchSize = try value(.batchSize, defaults.batchSize)
        mixup = try value(.mixup, defaults.mixup)
        classWeight = try value(.classWeight, defaults.classWeight)
        validationFraction = try value(.validationFraction, defaults.validationFraction)
        patience = try value(.patience, defaults.patience)
        refit = try value(.refit, defaults.refit)
        seed = try value(.seed, defaults.seed)
        fineTune = try container.decodeIfPresent(FineTuning.self, forKey: .fineTune)
        convolution = try container.decodeIfPresent(ConvolutionOptions.self, forKey: .convolution)
        transfer = try container.decodeIfPresent(TransferOptions.self, forKey: .transfer)
        frozenTrunk = try container.decodeIfPresent(Int64.self, forKey: .frozenTrunk)
    }
}

/// The pretrained layers a head can start from.
public enum FineTuning: String, Sendable, Codable, CaseIterable {
    /// The pretrained network's dense back end: its hidden layer starts from the pretrained
    /// weights, the output layer (the label set's classes) from random ones; both are trained.
    case dense
    /// musicnn's mid end (its residual convolutions over time) and back end (pooling and dense
    /// layers) train with the head; the front end stays as pretrained.
    case backend
    /// Every layer trains, the front end's timbral and temporal convolutions too (the input's
    /// normalization excepted).
    case all
}
