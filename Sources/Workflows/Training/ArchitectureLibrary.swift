import Foundation
public import Learning
import Store
import TOMLKit
import TextMining

/// Convolutional network architectures by name or file: the built-in ones (README "Training a
/// CNN") and architecture files in their TOML form.
///
/// ```swift
/// let network = try ArchitectureLibrary.architecture("esc50")
/// let mine = try ArchitectureLibrary.architecture("nets/small.toml")
/// ```
public enum ArchitectureLibrary {
    /// The built-in architectures' names, the default first.
    public static let names = ["compact", "esc50"]

    /// The TOML text of a built-in architecture, or `nil` for another name.
    public static func text(of name: String) -> String? {
        switch name {
        case "compact": compact
        case "esc50": esc50
        default: nil
        }
    }

    /// The architecture named `name` (a built-in) or in the TOML file at that path.
    public static func architecture(_ nameOrPath: String) throws -> ConvArchitecture {
        if let text = text(of: nameOrPath) { return try parse(text, source: "built-in '\(nameOrPath)'") }
        guard FileManager.default.fileExists(atPath: nameOrPath) else {
            throw StoreError(
                .invalidRequest,
                "no architecture '\(nameOrPath)': give a built-in (\(names.joined(separator: ", "))) or a TOML file")
        }
        let text: String
        do {
            text = try TextFile.readTOML(path: nameOrPath)
        } catch {
            throw StoreError(.invalidRequest, "\(error)")
        }
        return try parse(text, source: nameOrPath)
    }

    private static func parse(_ text: String, source: String) throws -> ConvArchitecture {
        do {
            return try TOMLDecoder().decode(ConvArchitecture.self, from: text)
        } catch let error as TOMLParseError {
            throw StoreError(.invalidRequest, "\(source):\(error.source.begin.line): \(error.description)")
        } catch let error as DecodingError {
            throw StoreError(.invalidRequest, "\(source): \(describe(error)); see README \"Training a CNN\"")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0 + 1)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)).\(key.stringValue) is missing".trimmingCharacters(
                in: CharacterSet(charactersIn: "."))
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// Four 3 × 3 convolution blocks with batch norm and ReLU, the first three max-pooled 2 × 2,
    /// then average and max pooling over the whole map and dropout: about 100k weights and
    /// 0.1 GFLOP per 128 × 130 crop, sized for small data on two CPU cores.
    static let compact = """
        # compact: Tagmine's default CNN, sized for small data on two CPU cores.
        format = 1

        [[block]]
        conv = 16
        kernel = [3, 3]
        norm = "batch"
        pool = "max"

        [[block]]
        conv = 32
        kernel = [3, 3]
        norm = "batch"
        pool = "max"

        [[block]]
        conv = 64
        kernel = [3, 3]
        norm = "batch"
        pool = "max"

        [[block]]
        conv = 128
        kernel = [3, 3]
        norm = "batch"

        [head]
        pool = "average+max"
        dropout = 0.3

        """

    /// The ESC-50 notebook's network: four parallel branches on the log-mel input, branch k being
    /// conv(32, 1×k, stride 1×2) → conv(32, k×1, 2×1) → conv(64, 1×k, 1×2) → conv(64, k×1, 2×1),
    /// each with batch norm and ReLU; the branches summed; conv(128, 1×16, 1×2) → conv(128, 16×1,
    /// 2×1); global average pooling; the output layer.
    static let esc50: String = {
        var text = """
            # esc50: the ESC-50 notebook's network (sizes are frequency × time).
            format = 1

            [[block]]
            parallel = ["k8", "k16", "k32", "k64"]

            [[block]]
            conv = 128
            kernel = [1, 16]
            stride = [1, 2]
            norm = "batch"

            [[block]]
            conv = 128
            kernel = [16, 1]
            stride = [2, 1]
            norm = "batch"

            [head]
            pool = "average"

            """
        for k in [8, 16, 32, 64] {
            for (filters, kernel, stride) in [
                (32, [1, k], [1, 2]), (32, [k, 1], [2, 1]), (64, [1, k], [1, 2]), (64, [k, 1], [2, 1]),
            ] {
                text += """

                    [[branch.k\(k)]]
                    conv = \(filters)
                    kernel = \(kernel)
                    stride = \(stride)
                    norm = "batch"

                    """
            }
        }
        return text
    }()
}
