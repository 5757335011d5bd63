import FluentKit

/// Every schema change, in the order they run, one per line, each in a file of its own.
/// Append only: a released migration is never edited or moved. A new module adds its
/// migrations at the end.
enum HavenMigrations {
    static let all: [any Migration] = [
        M001_People(),
        M002_Sessions(),
        M003_Organisation(),
        M004_Concerns(),
        M005_Cases(),
        M006_Alerts(),
        M007_Audit(),
        M008_Delegations(),
        M009_Sites(),
        M010_ConcernsByChild(),
        M011_AuditStatus(),
        M012_Approvals(),
        M013_SessionSecurity(),
        M014_InboxQueue(),
        M015_ChildNames(),
        M016_Chronology(),
        M017_OpenActions(),
        M018_AuditBySubject(),
        M019_AddendaInOrder(),
        M020_PeopleByName(),
        M021_ConcernSubmissions(),
        M022_FileVisits(),
        M023_ChildExclusions(),
        M024_AuditSubjects(),
        M025_ChildMatching(),
        M026_ReviewsDue(),
        M027_AllegationsStarted(),
        M028_RestrictedInformation(),
        M029_SitesClosed(),
        M030_ReferralCopies(),
        M031_RestrictedChronology(),
        M032_StaffHouseholds(),
        M033_DataSealing(),
        M034_SeveralServers(),
        M035_SealedOutbox(),
    ]
}
