/// Per-sample blocks of channels side by side: how branches' feature maps (musicnn's front end,
/// its mid-end levels) or heads' logits join into one batch, and how their gradients part again.
enum ChannelBlocks {
    /// Per sample, the parts' channels one after another (each part `batch × channels × area`).
    static func concatenate(_ parts: [[Float]], channels: [Int], _ area: Int, _ batch: Int) -> [Float] {
        let total = channels.reduce(0, +) * area
        var out = [Float](repeating: 0, count: batch * total)
        var offset = 0
        for (part, count) in zip(parts, channels) {
            let width = count * area
            for sample in 0..<batch {
                out.replaceSubrange(
                    (sample * total + offset)..<(sample * total + offset + width),
                    with: part[(sample * width)..<((sample + 1) * width)])
            }
            offset += width
        }
        return out
    }

    /// The inverse of ``concatenate(_:channels:_:_:)``.
    static func split(_ values: [Float], channels: [Int], _ area: Int, _ batch: Int) -> [[Float]] {
        let total = channels.reduce(0, +) * area
        var offset = 0
        return channels.map { count in
            let width = count * area
            var part = [Float]()
            part.reserveCapacity(batch * width)
            for sample in 0..<batch {
                part += values[(sample * total + offset)..<(sample * total + offset + width)]
            }
            offset += width
            return part
        }
    }
}
