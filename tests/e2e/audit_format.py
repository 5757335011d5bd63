"""An audit chain verifier written from docs/audit-format.md alone, with Python's own hmac and
hashlib (and `cryptography` for checkpoint signatures): if Haven and this disagree, one of them
does not follow the document."""
import hashlib
import hmac
import sqlite3

GENESIS = "0" * 64


def field(value):
    if value is None:
        return b"-;"
    data = str(value).encode("utf-8")
    return str(len(data)).encode("ascii") + b":" + data


def canonical(row):
    return b"".join(field(row[name]) for name in ("sequence", "at_millis", "actor", "action", "subject_type", "subject_id", "reason"))


def mac(key, previous_mac, row):
    return hmac.new(key, previous_mac.encode("ascii") + canonical(row), hashlib.sha256).hexdigest()


def read_key(path):
    return bytes.fromhex(open(path, encoding="ascii").read().strip())


def anchor_lines(path):
    """(line number, sequence, mac) for each complete line; a last line without its line feed, and
    a line that is only the beginning of one (a write cut short, ended by the next), are passed over."""
    try:
        data = open(path, "rb").read()
    except FileNotFoundError:
        return []
    complete = data[: data.rfind(b"\n") + 1]
    lines = []
    hexadecimal = set("0123456789abcdef")
    for number, line in enumerate(complete.split(b"\n")[:-1], start=1):
        parts = line.decode("ascii", "replace").split(" ")
        ok = len(parts) == 2 and parts[0].isdigit() and int(parts[0]) > 0 and len(parts[1]) == 64 and set(parts[1]) <= hexadecimal
        cut_short = (not ok and parts[0].isdigit() and parts[0].isascii() and len(parts) <= 2
                     and (len(parts) == 1 or (len(parts[1]) < 64 and set(parts[1]) <= hexadecimal)))
        if cut_short:
            continue  # the beginning of a line, cut short by a crash and ended by the next write
        lines.append((number, int(parts[0]) if ok else None, parts[1] if ok else None))
    return lines


def verify(db_path, key, anchor_path, checkpoint=None):
    """Returns (events checked, None) or (events checked, fault in words), following the document's rules in order."""
    db = sqlite3.connect(db_path)
    db.row_factory = sqlite3.Row
    rows = db.execute("SELECT * FROM audit_events ORDER BY sequence").fetchall()
    db.close()
    anchors = anchor_lines(anchor_path)
    pending, previous_anchor = 0, 0
    previous = GENESIS
    checked = 0
    by_sequence = {}
    for index, row in enumerate(rows, start=1):
        if row["sequence"] != index:
            return checked, f"event {index} is missing"
        if mac(key, row["previous_mac"], row) != row["mac"]:
            return checked, f"event {index} was altered"
        if row["previous_mac"] != previous:
            return checked, f"event {index} does not follow"
        previous = row["mac"]
        by_sequence[index] = row["mac"]
        checked += 1
    for number, sequence, anchored in anchors:
        if sequence is None:
            return checked, f"anchor line {number} cannot be read"
        if sequence <= previous_anchor:
            return checked, f"anchor line {number}: a stale line was appended"
        previous_anchor = sequence
        if sequence > checked:
            return checked, "newest events were deleted"
        if by_sequence[sequence] != anchored:
            return checked, f"event {sequence} differs from the anchor"
    if checked > 0 and not anchors:
        return checked, "the anchor is missing or empty"
    if checkpoint is not None:
        if checkpoint["sequence"] > checked:
            return checked, "events were deleted since the checkpoint"
        if by_sequence[checkpoint["sequence"]] != checkpoint["mac"]:
            return checked, "the chain was rewritten since the checkpoint"
    return checked, None


def read_checkpoint(text, public_key_hex):
    """The checkpoint's fields, after checking its Ed25519 signature with the auditors' copy of the key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    lines = text.replace("\r\n", "\n").split("\n")
    start = lines.index("Haven audit checkpoint v1")
    signed, rest = lines[start:start + 5], lines[start + 5:start + 7]
    values = dict(line.split(": ", 1) for line in signed[1:] + rest)
    assert values["public-key"] == public_key_hex, "signed with another key"
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(
        bytes.fromhex(values["signature"]), ("\n".join(signed) + "\n").encode("utf-8"))
    return {"sequence": int(values["sequence"]), "mac": values["mac"], "events": int(values["events"])}


def reseal(db_path, key, anchor_path, keep):
    """What an insider holding the key could do: keep only the events `keep` accepts, renumber and
    re-seal them all, and rewrite the head and the anchor so the chain verifies on its own."""
    db = sqlite3.connect(db_path)
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute("SELECT * FROM audit_events ORDER BY sequence") if keep(r)]
    db.execute("DELETE FROM audit_events")
    previous = GENESIS
    for index, row in enumerate(rows, start=1):
        row["sequence"], row["previous_mac"] = index, previous
        row["mac"] = mac(key, previous, row)
        previous = row["mac"]
        db.execute("INSERT INTO audit_events (sequence, at_millis, actor, action, subject_type, subject_id, reason, previous_mac, mac) "
                   "VALUES (:sequence, :at_millis, :actor, :action, :subject_type, :subject_id, :reason, :previous_mac, :mac)", row)
    db.execute("UPDATE audit_head SET sequence = ?, mac = ? WHERE id = 1", (len(rows), previous))
    db.commit()
    db.close()
    with open(anchor_path, "w") as anchor:
        anchor.write(f"{len(rows)} {previous}\n")
    return len(rows)
