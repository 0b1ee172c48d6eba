/// A convolutional network as data: the blocks it applies to a `mels × frames` log-mel input in
/// order, named branches that `parallel` blocks run side by side and sum, and a head. What an
/// architecture file (TOML, README "Training a CNN") holds, and what a CNN model file stores.
///
/// ```toml
/// format = 1
/// [[block]]
/// conv = 16
/// kernel = [3, 3]
/// norm = "batch"
/// pool = "max"
/// [head]
/// pool = "average"
/// ```
public struct ConvArchitecture: Sendable, Equatable, Codable {
    /// The newest architecture format this Tagmine reads and the one it writes.
    public static let format = 1

    /// The architecture format version the description was written for.
    public var format: Int
    /// The blocks, input first.
    public var block: [Block]
    /// Named sequences of blocks that `parallel` blocks refer to.
    public var branch: [String: [Block]]?
    /// Global pooling and dense layers before the output layer.
    public var head: Head?

    /// An architecture of `blocks` and `head`, with `branches` for its parallel blocks.
    public init(blocks: [Block], branches: [String: [Block]]? = nil, head: Head = Head()) {
        format = Self.format
        block = blocks
        branch = branches
        self.head = head
    }

    /// One convolution (or 1-D convolution over time, or none) with its normalisation, activation,
    /// pooling and dropout, in that order; or a `parallel` set of branches.
    public struct Block: Sendable, Equatable, Codable {
        /// Filters of a 2-D convolution.
        public var conv: Int?
        /// Filters of a 1-D convolution over time: the frequency axis is folded into the channels first.
        public var conv1d: Int?
        /// The kernel, `[frequency, time]` (`[time]` or `[1, time]` for `conv1d`).
        public var kernel: [Int]?
        /// The strides, `[frequency, time]` (default `[1, 1]`).
        public var stride: [Int]?
        /// `same` (Keras' rule: `ceil(size / stride)` outputs, the odd pad at the end) or `valid`
        /// (default `same`).
        public var padding: Padding?
        /// `batch` or `none` (default `none`).
        public var norm: Norm?
        /// `relu`, `leaky-relu` or `none` (default `relu` after a convolution, `none` otherwise).
        public var activation: Activation?
        /// The negative slope of `leaky-relu` (default 0.01).
        public var leak: Float?
        /// `max` or `average` pooling after the activation.
        public var pool: PoolKind?
        /// The pooling window, `[frequency, time]` (default `[2, 2]`).
        public var poolSize: [Int]?
        /// The pooling step (default: the window).
        public var poolStride: [Int]?
        /// Dropout after everything else (default 0).
        public var dropout: Float?
        /// Branch names: each runs on this block's input and their outputs are summed.
        public var parallel: [String]?

        /// An empty block; set the fields that apply.
        public init() {}

        /// A 2-D convolution block.
        public static func conv(
            _ filters: Int, kernel: [Int], stride: [Int] = [1, 1], norm: Norm = .batch, pool: PoolKind? = nil,
            dropout: Float? = nil
        ) -> Block {
            var block = Block()
            block.conv = filters
            block.kernel = kernel
            block.stride = stride
            block.norm = norm
            block.pool = pool
            block.dropout = dropout
            return block
        }

        enum CodingKeys: String, CodingKey {
            case conv, conv1d, kernel, stride, padding, norm, activation, leak, pool, dropout, parallel
            case poolSize = "pool-size"
            case poolStride = "pool-stride"
        }
    }

    /// What follows the last block: global pooling of each channel, optional dense hidden layers
    /// (ReLU) with dropout, then the output layer (softmax or sigmoid, from the label set).
    public struct Head: Sendable, Equatable, Codable {
        /// `average`, `max` or `average+max` (default `average`).
        public var pool: GlobalPoolKind?
        /// Dense hidden widths (default none).
        public var hidden: [Int]?
        /// Dropout before each dense layer (default 0).
        public var dropout: Float?

        /// A head of global `pool`ing, `hidden` dense layers and `dropout`.
        public init(pool: GlobalPoolKind = .average, hidden: [Int] = [], dropout: Float = 0) {
            self.pool = pool
            self.hidden = hidden
            self.dropout = dropout
        }
    }

    /// Convolution padding.
    public enum Padding: String, Sendable, Codable {
        case same
        case valid
    }

    /// Normalisation after a convolution.
    public enum Norm: String, Sendable, Codable {
        case batch
        case none
    }

    /// The activation after the normalisation.
    public enum Activation: String, Sendable, Codable {
        case relu
        case leakyRelu = "leaky-relu"
        case none
    }

    /// Local pooling.
    public enum PoolKind: String, Sendable, Codable {
        case max
        case average
    }

    /// The head's pooling over each whole map.
    public enum GlobalPoolKind: String, Sendable, Codable {
        case average
        case max
        case both = "average+max"
    }
}
