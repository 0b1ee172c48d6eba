/// The variables of musicnn's `build_musicnn` (front end 7774timbraltemporal, 64-filter mid end,
/// 200-unit back end) as `tf.compat.v1.layers` names them, with their shapes.
enum MusicnnArchitecture {
    /// A convolution of the front or mid end: its kernel height and width (time × frequency or
    /// time × channels) and filter count, and the batch normalization after it.
    struct Convolution {
        var name: String
        var height: Int
        var width: Int
        var filters: Int
        var normalization: String
    }

    static let mels = 96
    /// Frames per patch: `librosa.time_to_frames(3, sr=16000, n_fft=512, hop_length=256) + 1`.
    static let patchFrames = 187
    static let inputNormalization = "batch_normalization"

    /// The timbral filters span 40 % and 70 % of the mel axis (`int(0.4·96)`, `int(0.7·96)`),
    /// 7 frames, 204 filters each (`int(1.6·128)`).
    static let timbral = [
        Convolution(name: "conv2d", height: 7, width: 38, filters: 204, normalization: "batch_normalization_1"),
        Convolution(name: "conv2d_1", height: 7, width: 67, filters: 204, normalization: "batch_normalization_2"),
    ]
    /// The temporal filters span 128, 64 and 32 frames of one band, 51 filters each (`int(1.6·32)`).
    static let temporal = [
        Convolution(name: "conv2d_2", height: 128, width: 1, filters: 51, normalization: "batch_normalization_3"),
        Convolution(name: "conv2d_3", height: 64, width: 1, filters: 51, normalization: "batch_normalization_4"),
        Convolution(name: "conv2d_4", height: 32, width: 1, filters: 51, normalization: "batch_normalization_5"),
    ]
    /// The front end's output per frame: 204 + 204 + 3 × 51.
    static let frontWidth = 561
    static let midFilters = 64
    static let mid = [
        Convolution(
            name: "conv2d_5", height: 7, width: frontWidth, filters: 64, normalization: "batch_normalization_6"),
        Convolution(name: "conv2d_6", height: 7, width: 64, filters: 64, normalization: "batch_normalization_7"),
        Convolution(name: "conv2d_7", height: 7, width: 64, filters: 64, normalization: "batch_normalization_8"),
    ]
    /// Per frame: the front end and the three mid-end outputs, 561 + 3 × 64.
    static let frameWidth = 753
    static let poolNormalization = "batch_normalization_9"
    static let penultimateUnits = 200
    static let penultimateNormalization = "batch_normalization_10"
    static let tags = 50

    /// Every tensor inference reads, with the shape it must have.
    static var expectedTensors: [(name: String, shape: [Int])] {
        var tensors: [(String, [Int])] = normalization(inputNormalization, 1)
        for convolution in timbral + temporal + mid {
            tensors.append(
                (convolution.name + "/kernel", [convolution.height, convolution.width, 1, convolution.filters]))
            tensors.append((convolution.name + "/bias", [convolution.filters]))
            tensors += normalization(convolution.normalization, convolution.filters)
        }
        tensors += normalization(poolNormalization, 2 * frameWidth)
        tensors.append(("dense/kernel", [2 * frameWidth, penultimateUnits]))
        tensors.append(("dense/bias", [penultimateUnits]))
        tensors += normalization(penultimateNormalization, penultimateUnits)
        tensors.append(("dense_1/kernel", [penultimateUnits, tags]))
        tensors.append(("dense_1/bias", [tags]))
        return tensors
    }

    /// Throws unless `tensors` holds every tensor of ``expectedTensors`` with its shape.
    static func check(_ tensors: [String: Tensor], source: String) throws(PretrainedError) {
        for (name, shape) in expectedTensors {
            guard let tensor = tensors[name] else {
                throw PretrainedError(
                    .missingTensor, file: source, "tensor '\(name)' is missing",
                    hint: "Install from the musicnn 0.1.0 package")
            }
            guard tensor.shape == shape else {
                throw PretrainedError(
                    .missingTensor, file: source, "tensor '\(name)' has shape \(tensor.shape), expected \(shape)",
                    hint: "Install from the musicnn 0.1.0 package")
            }
        }
    }

    private static func normalization(_ name: String, _ channels: Int) -> [(String, [Int])] {
        ["gamma", "beta", "moving_mean", "moving_variance"].map { (name + "/" + $0, [channels]) }
    }
}
