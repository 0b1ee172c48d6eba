import Foundation

extension MelScale {
    /// Hertz to mels (librosa's `hz_to_mel`).
    func mels(_ hertz: Double) -> Double {
        switch self {
        case .htk: return 2_595 * log10(1 + hertz / 700)
        case .slaney:
            if hertz < Self.breakHertz { return hertz / Self.linearStep }
            return Self.breakMel + log(hertz / Self.breakHertz) / Self.logStep
        }
    }

    /// Mels to hertz (librosa's `mel_to_hz`).
    func hertz(_ mels: Double) -> Double {
        switch self {
        case .htk: return 700 * (pow(10, mels / 2_595) - 1)
        case .slaney:
            if mels < Self.breakMel { return mels * Self.linearStep }
            return Self.breakHertz * exp(Self.logStep * (mels - Self.breakMel))
        }
    }

    private static let linearStep = 200.0 / 3
    private static let breakHertz = 1_000.0
    private static let breakMel = breakHertz / linearStep
    private static let logStep = log(6.4) / 27
}

/// A mel filterbank: `mels` triangular filters over the `nFFT / 2 + 1` bins of a power spectrum,
/// built exactly as `librosa.filters.mel` builds it (in double precision, stored as float32).
struct MelFilterbank {
    init(sampleRate: Int, nFFT: Int, mels: Int, fmin: Double, fmax: Double, scale: MelScale, norm: MelNorm) {
        let bins = nFFT / 2 + 1
        let low = scale.mels(fmin), high = scale.mels(fmax)
        // mels + 2 edges, evenly spaced in mel.
        let edges = (0..<(mels + 2)).map { scale.hertz(low + (high - low) * Double($0) / Double(mels + 1)) }
        let binHertz = (0..<bins).map { Double($0) * Double(sampleRate) / Double(nFFT) }
        var weights = [Float](repeating: 0, count: mels * bins)
        for band in 0..<mels {
            let lowerWidth = edges[band + 1] - edges[band], upperWidth = edges[band + 2] - edges[band + 1]
            let enorm = norm == .slaney ? 2 / (edges[band + 2] - edges[band]) : 1
            for bin in 0..<bins {
                let rising = (binHertz[bin] - edges[band]) / lowerWidth
                let falling = (edges[band + 2] - binHertz[bin]) / upperWidth
                weights[band * bins + bin] = Float(max(0, min(rising, falling)) * enorm)
            }
        }
        blocks = stride(from: 0, to: mels, by: Self.blockBands).map { first in
            Block(weights: weights, bins: bins, bands: first..<min(mels, first + Self.blockBands))
        }
    }

    /// Bands per block of the projection.
    static let blockBands = 8

    /// Each triangle covers a few bins, so the dense `mels × bins` matrix is mostly zeros. The
    /// projection runs as one `sgemm` per block of 8 adjacent bands over only the bins those bands
    /// cover: the same sums (less their zero terms) for about a seventh of the work at 128 mels.
    let blocks: [Block]

    /// A run of adjacent bands and the bins where any of them is non-zero.
    struct Block {
        let bands: Range<Int>
        let bins: Range<Int>
        /// Row-major `bands.count × bins.count` weights.
        let weights: [Float]

        init(weights all: [Float], bins: Int, bands: Range<Int>) {
            var low = bins, high = 0
            for band in bands {
                let row = all[(band * bins)..<((band + 1) * bins)]
                if let first = row.firstIndex(where: { $0 != 0 }), let last = row.lastIndex(where: { $0 != 0 }) {
                    low = min(low, first - band * bins)
                    high = max(high, last - band * bins + 1)
                }
            }
            if low >= high { (low, high) = (0, 1) }  // bands with no bin at all (fmax too close to fmin)
            self.bands = bands
            self.bins = low..<high
            self.weights = bands.flatMap { band in all[(band * bins + low)..<(band * bins + high)] }
        }
    }
}
