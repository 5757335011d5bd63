import Foundation

/// How much one client, one person or everyone together may do before Haven slows them down.
/// Each is a setting (`HAVEN_LIMIT_*`), so that a benchmark can raise them; the defaults are
/// far above what a real person does, and far below what a script does.
public struct Limits: Sendable, Equatable {
    /// R1.6: failed sign-ins from one address (any account) before each further try must wait,
    /// doubling up to a minute. An office shares one address, so it is generous.
    public var failedSignInsPerAddress: Int = 20
    /// R1.6: failed sign-ins from everywhere together in a minute before every sign-in waits for
    /// the minute to pass. Stops a spread-out guessing attack from taking the server's processors
    /// (each check costs a quarter of a second of one), so recording concerns goes on.
    public var failedSignInsPerMinute: Int = 300
    /// N1: concerns one person may record in ten minutes. Nobody writes forty concerns in ten
    /// minutes by hand; a stolen session in a script does.
    public var concernsPerPersonPer10Minutes: Int = 40
    /// R7.1: refusals one person may meet in ten minutes (a record that is not there or not
    /// theirs to see), each audited, before Haven pauses their reading and writing of case
    /// records for a while and audits that once. A person meets a refusal now and then (an old
    /// link, a delegation that ended); a script trying identifiers meets hundreds, and each would
    /// otherwise add an audit event through the writer.
    public var refusalsPerPersonPer10Minutes: Int = 60
    /// R2.1: other children one concern may name.
    public var linkedChildrenPerConcern: Int = 20
    /// R2.11: injuries one concern may mark on the body map.
    public var injuryMarksPerConcern: Int = 40

    public init() {}
}
