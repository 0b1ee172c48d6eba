import Foundation

/// The process's resident memory in bytes (`/proc/self/statm`). Freed blocks are reused, so in a
/// loop of the same work only a leak makes it grow; leak tests compare it before and after.
public func residentMemoryBytes() throws -> Int {
    let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
    return Int(statm.split(separator: " ")[1])! * Int(sysconf(Int32(_SC_PAGESIZE)))
}
