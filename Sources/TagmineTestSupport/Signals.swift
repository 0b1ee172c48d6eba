import Foundation

/// A sine of `hertz` at `rate`, `seconds` long, amplitude 0.5: test audio made by our own code.
public func sine(_ hertz: Double, rate: Int, seconds: Double) -> [Float] {
    (0..<Int(Double(rate) * seconds)).map { Float(0.5 * sin(2 * Double.pi * hertz * Double($0) / Double(rate))) }
}
