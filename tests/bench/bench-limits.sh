#!/bin/sh
# The largest inputs the limits allow, timed: a MIDI file of 199,999 notes
# on 128 pitches in one track (1.2 MB, 400,000 events; libsmf, which read
# MIDI then, freed it in n^2 steps, 25 s) uploaded, then arranged for 64 players.
# Target: each well under a second.
set -eu
"$BIN" --log-level quiet </dev/null | grep -q '"arrange"' || exit 0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
node -e '
const n = 199999, ev = [0, 0x90, 60, 64, 1, 60, 0];
let x = 1;
for (let i = 1; i < n; i++) {
  x = (x * 1103515245 + 12345) % 2147483648;
  const p = x % 128;
  ev.push(0, p, 64, 1 + (x >> 8) % 100, p, 0);
}
ev.push(0, 0xff, 0x2f, 0);
const h = Buffer.alloc(22);
h.write("MThd", 0); h.writeUInt32BE(6, 4); h.writeUInt16BE(0, 8); h.writeUInt16BE(1, 10);
h.writeUInt16BE(480, 12); h.write("MTrk", 14); h.writeUInt32BE(ev.length, 18);
require("fs").writeFileSync(process.argv[1], Buffer.concat([h, Buffer.from(ev)]));
' "$dir/big.mid"
players=$(node -e '
const l = ["experienced", "intermediate", "beginner", "unknown"];
console.log(JSON.stringify(Array.from({ length: 64 }, (_, i) => ({ name: "R" + i, experience: l[i % 4] }))));')
up=$(printf '{"jsonrpc":"2.0","id":0,"method":"upload","params":{"path":"%s"}}' "$dir/big.mid")
echo
printf '%-44s %10s %10s %10s\n' "upload 199,999 notes (1 track)" $("$VBBENCH" call "$BIN" 3 "$up")
req=$(printf '{"jsonrpc":"2.0","id":1,"method":"arrange","params":{"score_id":"$SCORE","players":%s,"include_simulation":false}}' "$players")
printf '%-44s %10s %10s %10s\n' "arrange 199,999 notes 64p" $("$VBBENCH" call "$BIN" 3 "$req" "$up")
