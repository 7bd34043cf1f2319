#!/bin/sh
# Peak RSS (and seconds) of the worst request of each kind the default
# limits allow (issue 17: none may take the daemon over 512 MiB), each in a
# daemon of its own, measured by GNU time; and export midi of 200,000
# notes (was 33-40 s through libsmf; target: well under a second).
set -eu
"$BIN" --log-level quiet </dev/null | grep -q '"export"' || exit 0
[ -x /usr/bin/time ] || { echo "bench-memory: needs GNU time (/usr/bin/time)"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" "$TOP" <<'PY'
import base64, json, os, struct, sys
d, top = sys.argv[1], sys.argv[2]
def req(i, m, p=None):
    r = {"jsonrpc": "2.0", "id": i, "method": m}
    if p is not None:
        r["params"] = p
    return json.dumps(r, separators=(",", ":")) + "\n"
def vlq(v):
    out = [v & 0x7F]; v >>= 7
    while v:
        out.append(0x80 | (v & 0x7F)); v >>= 7
    return bytes(reversed(out))
def smf(track):
    return b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(track)) + track
names = ["C4","C#4","D4","D#4","E4","F4","F#4","G4","G#4","A4","A#4","B4"]
# 200,000 notes on 12 pitches, six ringers of two bells.
t = b"".join(vlq(0) + bytes([0x90, 60 + i % 12, 80]) + vlq(60) + bytes([0x80, 60 + i % 12, 0]) for i in range(200000))
open(f"{d}/200k.mid", "wb").write(smf(t + b"\x00\xff\x2f\x00"))
arr = {f"R{k}": {"bells": names[2*k:2*k+2], "left_hand": names[2*k:2*k+1], "right_hand": names[2*k+1:2*k+2]} for k in range(6)}
open(f"{d}/export.jsonl", "w").write(req(1, "upload", {"path": f"{d}/200k.mid"}) +
    req(2, "export", {"format": "midi", "score_id": "s1", "arrangement": arr}))
# A 5 MiB MIDI file sent as content (6.7 MiB of base64 on one line):
# 200,000 notes and a system exclusive message filling the rest.
t = b"".join(vlq(0) + bytes([0x90, 36 + i % 60, 80]) + vlq(1) + bytes([0x80, 36 + i % 60, 0]) for i in range(200000))
pad = 5 * 1024 * 1024 - 22 - len(t) - 4 - 8
t += vlq(0) + b"\xf0" + vlq(pad) + b"\x00" * pad
big = smf(t + b"\x00\xff\x2f\x00")
open(f"{d}/content.jsonl", "w").write(req(1, "upload", {"content": base64.b64encode(big).decode(), "filename": "big.mid"}))
# The costliest values under max_json_values: empty objects (5 each).
m = 4000000 // 6
open(f"{d}/values.jsonl", "w").write('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":[' + ",".join(["{}"] * m) + "]}}\n")
# One line just under max_message_bytes (32 MiB), then an idle ping.
open(f"{d}/line.jsonl", "w").write('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"' + "x" * (32 * 1024 * 1024 - 100) + '"}}\n' + req(2, "ping"))
# A batch of max_batch_size arranges with their simulations.
hymn = f"{top}/tests/corpus/upstream-o-for-a-thousand-tongues.mid"
pl = [{"name": f"P{i}", "experience": "intermediate"} for i in range(8)]
batch = [{"jsonrpc": "2.0", "id": i, "method": "arrange", "params": {"score_id": "s1", "players": pl, "strategies": ["balanced"]}} for i in range(1000)]
open(f"{d}/batch.jsonl", "w").write(req(0, "upload", {"path": hymn}) + json.dumps(batch, separators=(",", ":")) + "\n")
# MusicXML at max_xml_nodes: tiny elements, and attributes (2 each).
# (in .mxl: a plain upload is bounded by max_file_bytes, 5 MiB, first).
import zipfile
x = b'<?xml version="1.0"?>\n<score-partwise><part-list/>' + b"<a/>" * 1999990 + b"</score-partwise>\n"
attrs = b" ".join(b'a%d="1"' % i for i in range(256))
y = b'<?xml version="1.0"?>\n<score-partwise><part-list/>' + (b"<a " + attrs + b"/>") * 3880 + b"</score-partwise>\n"
for name, body in (("nodes", x), ("attrs", y)):
    with zipfile.ZipFile(f"{d}/{name}.mxl", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("score.musicxml", body)
    open(f"{d}/{name}.jsonl", "w").write(req(1, "upload", {"path": f"{d}/{name}.mxl"}))
PY
echo
printf '%-44s %10s %10s %10s\n' "worst case within the limits" "seconds" "exit" "peak RSS KiB"
measure() {
	/usr/bin/time -f '%e %x %M' -o "$dir/time" "$BIN" --log-level quiet <"$dir/$2.jsonl" >"$dir/out" 2>/dev/null || true
	set -- "$1" $(cat "$dir/time")
	printf '%-44s %10s %10s %10s\n' "$1" "$2" "$3" "$4"
}
measure "export midi, 200,000 notes, 6 ringers" export
measure "upload 5 MiB MIDI as base64 content" content
measure "a line of 666,666 empty objects" values
measure "a 32 MiB line, then idle" line
measure "a batch of 1000 arranges with simulation" batch
measure "MusicXML of 1,999,990 elements" nodes
measure "MusicXML of 3,880 x 256 attributes" attrs
