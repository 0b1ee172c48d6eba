import Catalog
import Foundation

/// Renders a demo track's audio: a backing that makes its genre (tempo, drums, harmony, timbre), a
/// lead line in its instruments' timbres and a key and register that make its mood.
///
/// Genres are meant to be told apart by an audio model, except "pops", which is by construction a
/// blend of the rock and ballad renderings.
struct Synthesizer {
    let sampleRate: Int
    let seconds: Double

    /// The track's samples, peak-normalised to 0.8.
    func render(_ track: DemoTrack, seed: UInt64) -> [Float] {
        var random = SplitMix64(seed: seed)
        var out = [Float](repeating: 0, count: Int(Double(sampleRate) * seconds))
        let key = Key(mood: track.mood, random: &random)
        // Performances differ: how loud the drums and the lead sit in the mix.
        let mix = Mix(
            drums: Float.random(in: 0.5...1.2, using: &random), lead: Float.random(in: 0.4...1.2, using: &random))
        switch track.genre {
        case .pops:
            // Most pops tracks sound just like a rock or a ballad track (whichever the tempo says);
            // the rest blend the two. That is what makes the class ambiguous.
            let lean = Float.random(in: 0..<1, using: &random) < 0.7 ? 0 : Float.random(in: 0...0.5, using: &random)
            let rockShare = track.bpm >= 100 ? 1 - lean : lean
            var rock = [Float](repeating: 0, count: out.count)
            backing(.rock, bpm: track.bpm, key: key, mix: mix, into: &rock, random: &random)
            var ballad = [Float](repeating: 0, count: out.count)
            backing(.ballad, bpm: track.bpm, key: key, mix: mix, into: &ballad, random: &random)
            for i in out.indices { out[i] = rockShare * rock[i] + (1 - rockShare) * ballad[i] }
        default:
            backing(track.genre, bpm: track.bpm, key: key, mix: mix, into: &out, random: &random)
        }
        for instrument in track.instruments {
            lead(instrument, bpm: track.bpm, key: key, gain: mix.lead, into: &out, random: &random)
        }
        for i in out.indices { out[i] += 0.003 * Float.random(in: -1...1, using: &random) }
        let peak = out.reduce(0) { max($0, abs($1)) }
        return peak > 0 ? out.map { 0.8 * $0 / peak } : out
    }

    // MARK: Backings

    private func backing(
        _ genre: DemoGenre, bpm: Int, key: Key, mix: Mix, into out: inout [Float], random: inout SplitMix64
    ) {
        let drums = mix.drums
        let beat = 60 / Double(bpm)
        let beats = Int(seconds / beat) + 1
        switch genre {
        case .rock:
            for b in 0..<beats {
                let t = Double(b) * beat
                add(b % 2 == 0 ? kick(0.9 * drums) : snare(0.7 * drums, random: &random), at: t, to: &out)
                add(hat(0.25 * drums, random: &random), at: t, to: &out)
                add(hat(0.2 * drums, random: &random), at: t + beat / 2, to: &out)
                if b % 2 == 0 {
                    let root = key.note(b % 8 < 4 ? 0 : 3, octave: -1)
                    add(powerChord(root, length: 2 * beat), at: t, to: &out)
                }
            }
        case .classical:
            var t = 0.0, chord = 0
            while t < seconds {
                let degrees = [[0, 2, 4], [3, 5, 7], [4, 6, 8], [0, 2, 4]][chord % 4]
                add(strings(degrees.map { key.note($0, octave: 0) }, length: 2.2), at: t, to: &out)
                t += 2
                chord += 1
            }
        case .ballad:
            for b in 0..<beats {
                let t = Double(b) * beat
                if b % 4 == 0 { add(kick(0.35 * drums), at: t, to: &out) }
                for (step, degree) in [0, 4, 7, 4].enumerated() {
                    add(
                        piano(key.note(degree + (b / 4 % 2) * 3, octave: 0), length: 1.6, level: 0.35),
                        at: t + Double(step) * beat / 4, to: &out)
                }
            }
        case .fusion:
            for b in 0..<beats {
                let t = Double(b) * beat
                // Swung ride on the off-beat and a syncopated snare.
                add(hat(0.3 * drums, random: &random), at: t, to: &out)
                add(hat(0.2 * drums, random: &random), at: t + beat * 2 / 3, to: &out)
                if b % 4 == 0 { add(kick(0.6 * drums), at: t, to: &out) }
                if b % 4 == 1 || b % 4 == 3 {
                    add(snare(0.35 * drums, random: &random), at: t + beat * 2 / 3, to: &out)
                }
                add(bass(key.note([0, 4, 5, 3][b % 4], octave: -2), length: beat), at: t, to: &out)
                if b % 2 == 1 {
                    let seventh = [0, 2, 4, 6].map { key.note($0 + (b / 2 % 2) * 3, octave: 0) }
                    add(electricPiano(seventh, length: beat * 0.9), at: t + beat / 3, to: &out)
                }
            }
        case .pops:
            break  // rendered as a blend in render(_:seed:)
        }
    }

    // MARK: Leads

    private func lead(
        _ instrument: DemoInstrument, bpm: Int, key: Key, gain: Float, into out: inout [Float],
        random: inout SplitMix64
    ) {
        let step = 60 / Double(bpm) * (instrument == .synthesizer ? 1 : 0.5)
        var t = step / 2
        var degree = Int.random(in: 0...4, using: &random)
        while t < seconds {
            degree = max(0, min(9, degree + Int.random(in: -2...2, using: &random)))
            let frequency = key.note(degree, octave: 1)
            switch instrument {
            case .piano: add(piano(frequency, length: 1.2, level: 0.5), at: t, to: &out, gain: gain)
            case .synthesizer: add(synthLead(frequency, length: step), at: t, to: &out, gain: gain)
            case .guitar:
                add(pluck(frequency, length: 0.8, distortion: 0, random: &random), at: t, to: &out, gain: gain)
            case .electricGuitar:
                add(pluck(frequency, length: 0.8, distortion: 8, random: &random), at: t, to: &out, gain: gain)
            }
            t += step
        }
    }

    // MARK: Voices

    private func samples(_ length: Double) -> Int { Int(length * Double(sampleRate)) }

    private func time(_ i: Int) -> Double { Double(i) / Double(sampleRate) }

    private func kick(_ level: Float) -> [Float] {
        var phase = 0.0
        return (0..<samples(0.25)).map { i in
            let t = time(i)
            phase += 2 * .pi * (50 + 90 * exp(-t * 30)) / Double(sampleRate)
            return level * Float(sin(phase) * exp(-t * 14))
        }
    }

    private func snare(_ level: Float, random: inout SplitMix64) -> [Float] {
        (0..<samples(0.18)).map { i in
            let t = time(i)
            let noise = Float.random(in: -1...1, using: &random)
            return level * Float(exp(-t * 22)) * (0.8 * noise + 0.3 * Float(sin(2 * .pi * 190 * t)))
        }
    }

    private func hat(_ level: Float, random: inout SplitMix64) -> [Float] {
        var previous: Float = 0
        return (0..<samples(0.05)).map { i in
            // First difference of white noise: a crude high-pass, enough for a hi-hat's hiss.
            let noise = Float.random(in: -1...1, using: &random)
            defer { previous = noise }
            return level * Float(exp(-time(i) * 70)) * (noise - previous)
        }
    }

    private func powerChord(_ root: Double, length: Double) -> [Float] {
        (0..<samples(length)).map { i in
            let t = time(i)
            var saw = 0.0
            for (frequency, gain) in [(root, 1.0), (root * 1.5, 0.8), (root * 2, 0.6)] {
                let phase = (frequency * t).truncatingRemainder(dividingBy: 1)
                saw += gain * (2 * phase - 1)
            }
            return Float(0.35 * tanh(3 * saw) * min(1, t * 200) * exp(-t * 0.8))
        }
    }

    private func strings(_ notes: [Double], length: Double) -> [Float] {
        (0..<samples(length)).map { i in
            let t = time(i)
            let envelope = min(1, t / 0.6) * min(1, (length - t) / 0.4)
            let vibrato = 1 + 0.004 * sin(2 * .pi * 5.5 * t)
            var value = 0.0
            for note in notes {
                for harmonic in 1...6 {
                    value += sin(2 * .pi * note * Double(harmonic) * vibrato * t) / Double(harmonic * harmonic)
                }
            }
            return Float(0.2 * envelope * value)
        }
    }

    private func piano(_ frequency: Double, length: Double, level: Double) -> [Float] {
        (0..<samples(length)).map { i in
            let t = time(i)
            var value = 0.0
            for harmonic in 1...5 {
                value +=
                    sin(2 * .pi * frequency * Double(harmonic) * t) * exp(-t * (2 + Double(harmonic)))
                    / Double(harmonic)
            }
            return Float(level * value * min(1, t * 400))
        }
    }

    private func electricPiano(_ notes: [Double], length: Double) -> [Float] {
        (0..<samples(length)).map { i in
            let t = time(i)
            let tremolo = 1 + 0.3 * sin(2 * .pi * 4 * t)
            var value = 0.0
            for note in notes {
                value += sin(2 * .pi * note * t + 1.5 * sin(2 * .pi * note * 2 * t) * exp(-t * 6))
            }
            return Float(0.12 * tremolo * value * exp(-t * 2.5) * min(1, t * 300))
        }
    }

    private func bass(_ frequency: Double, length: Double) -> [Float] {
        (0..<samples(length)).map { i in
            let t = time(i)
            return Float(0.4 * sin(2 * .pi * frequency * t) * exp(-t * 3) * min(1, t * 300))
        }
    }

    private func synthLead(_ frequency: Double, length: Double) -> [Float] {
        (0..<samples(length)).map { i in
            let t = time(i)
            let detune = frequency * (1 + 0.003 * sin(2 * .pi * 0.5 * t))
            let square = sin(2 * .pi * detune * t) >= 0 ? 1.0 : -1.0
            return Float(0.18 * square * min(1, t * 100) * min(1, (length - t) * 50))
        }
    }

    /// Karplus–Strong: a noise burst in a delay line with an averaging filter; `distortion` > 0
    /// drives it through `tanh` for an electric guitar.
    private func pluck(_ frequency: Double, length: Double, distortion: Double, random: inout SplitMix64) -> [Float] {
        let period = max(2, Int(Double(sampleRate) / frequency))
        var line = (0..<period).map { _ in Double.random(in: -1...1, using: &random) }
        var index = 0
        return (0..<samples(length)).map { _ in
            let next = (index + 1) % period
            let value = line[index]
            line[index] = 0.497 * (value + line[next])
            index = next
            let shaped = distortion > 0 ? tanh(distortion * value) * 0.6 : value
            return Float(0.45 * shaped)
        }
    }

    private func add(_ sound: [Float], at start: Double, to out: inout [Float], gain: Float = 1) {
        let offset = Int(start * Double(sampleRate))
        guard offset < out.count else { return }
        for i in 0..<min(sound.count, out.count - offset) { out[offset + i] += gain * sound[i] }
    }
}

/// How loud the drums and the lead sit in one track's mix.
private struct Mix {
    let drums: Float
    let lead: Float
}

/// A key: root frequency and scale, from the mood (bright = major and higher, dark = minor and lower).
private struct Key {
    let root: Double
    let scale: [Int]

    init(mood: DemoMood, random: inout SplitMix64) {
        let semitone = Double(Int.random(in: 0...6, using: &random))
        switch mood {
        case .bright:
            root = 261.63 * pow(2, semitone / 12)
            scale = [0, 2, 4, 5, 7, 9, 11]
        case .dark:
            root = 146.83 * pow(2, semitone / 12)
            scale = [0, 2, 3, 5, 7, 8, 10]
        }
    }

    /// The frequency of scale degree `degree` (any integer ≥ 0) shifted by `octave` octaves.
    func note(_ degree: Int, octave: Int) -> Double {
        let semitones = scale[degree % 7] + 12 * (degree / 7 + octave)
        return root * pow(2, Double(semitones) / 12)
    }
}
