#!/usr/bin/env python3
"""Writes the small hostile files of this folder (see README.md).

Run from anywhere: python3 tests/data/hostile/make-hostile.py
Each file is a valid-looking song that once aborted, stalled or bloated
the daemon (issue 17); the files are committed, this says how they were
made.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def vlq(v):
    out = [v & 0x7F]
    v >>= 7
    while v:
        out.append(0x80 | (v & 0x7F))
        v >>= 7
    return bytes(reversed(out))


def smf(tracks, division=480, fmt=1):
    out = b"MThd" + struct.pack(">IHHH", 6, fmt, len(tracks), division)
    for t in tracks:
        out += b"MTrk" + struct.pack(">I", len(t)) + t
    return out


def ev(delta, *data):
    return vlq(delta) + bytes(data)


EOT = ev(0, 0xFF, 0x2F, 0x00)
BIG = 0x0FFFFFFF


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# Deltas adding past 2^31 through note-offs without note-ons (kept
# events), then one real note: libsmf's int tick counter asserted.
t = b"".join(ev(BIG, 0x80, 60, 0) for _ in range(9))
t += ev(0, 0x90, 60, 80) + ev(10, 0x80, 60, 0) + EOT
write("midi-ticks-past-2g.mid", smf([t]))

# The same through set-tempo events.
t = b"".join(ev(BIG, 0xFF, 0x51, 3, 0x07, 0xA1, 0x20) for _ in range(9))
t += ev(0, 0x90, 62, 80) + ev(10, 0x80, 62, 0) + EOT
write("midi-tempo-past-2g.mid", smf([t]))

# A player's track with a gap over 0x0FFFFFFF: C4, E4 far later, C4
# again as far; a ringer holding C4 alone has a gap of 2 * 0x0FFFFFF0.
g = 0x0FFFFFF0
t = (ev(0, 0x90, 60, 80) + ev(1, 0x80, 60, 0) + ev(g - 1, 0x90, 64, 80) +
     ev(1, 0x80, 64, 0) + ev(g - 1, 0x90, 60, 80) + ev(1, 0x80, 60, 0) + EOT)
write("midi-long-gap.mid", smf([t], fmt=0))

# A set-tempo of 0 microseconds per beat: every note was at 0 ms.
t = (ev(0, 0xFF, 0x51, 3, 0, 0, 0) + ev(0, 0x90, 60, 80) +
     ev(480, 0x80, 60, 0) + ev(0, 0x90, 62, 80) + ev(480, 0x80, 62, 0) + EOT)
write("midi-tempo-zero.mid", smf([t], fmt=0))

# A track named in Latin-1 ("Glöckner"): the name is not UTF-8.
name = "Glöckner".encode("latin-1")
t = (ev(0, 0xFF, 0x03, len(name)) + name + ev(0, 0x90, 60, 80) +
     ev(480, 0x80, 60, 0) + EOT)
write("midi-name-latin1.mid", smf([t], fmt=0))


def musicxml(parts, extra_measure=""):
    pl = "".join('<score-part id="P%d"><part-name>P%d</part-name></score-part>'
                 % (i, i) for i in range(len(parts)))
    body = ""
    for i, (divisions, notes) in enumerate(parts):
        body += ('<part id="P%d"><measure number="1"><attributes><divisions>%s'
                 '</divisions></attributes>%s%s</measure></part>'
                 % (i, divisions, extra_measure if i == 0 else "", notes))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<score-partwise version="3.1">'
            '<part-list>%s</part-list>%s</score-partwise>\n' % (pl, body)).encode()


def note(step, octave, duration):
    return ('<note><pitch><step>%s</step><octave>%d</octave></pitch>'
            '<duration>%s</duration></note>' % (step, octave, duration))


# Divisions 1024 and 10080: their LCM (322,560 ticks per quarter) is over
# what a MIDI file's division can hold (32,767).
write("musicxml-divisions-lcm.musicxml", musicxml([
    (1024, note("C", 4, 1024) + note("D", 4, 1)),
    (10080, note("E", 4, 10080) + note("F", 4, 7)),
]))

# Divisions whose LCM passes 960,000 (999,983 and 999,979 are primes):
# short notes rounded to zero length at the 960 fallback.
write("musicxml-lcm-past-960000.musicxml", musicxml([
    (999983, note("C", 4, 999983) + note("D", 4, 3)),
    (999979, note("E", 4, 999979) + note("F", 4, 5)),
]))

# <sound tempo="1e-300">: every time was infinite.
write("musicxml-tempo-tiny.musicxml", musicxml(
    [(1, note("C", 4, 1) + note("D", 4, 1))],
    '<sound tempo="1e-300"/>'))

# Positions near 2^63 ticks: one part at 1 division per quarter, another
# at 1,000,000 (so a division is 10^6 ticks), 9,223 forwards of 10^9
# divisions (9.223e18 ticks, just under 2^63) and a note of 10^9 that
# ends past it: the note's length overflowed (UBSan: signed overflow).
fwd = "<forward><duration>1000000000</duration></forward>" * 9223
write("musicxml-huge-positions.musicxml", musicxml([
    (1, fwd + note("C", 4, 1000000000)),
    (1000000, note("E", 4, 1000000)),
]))

# 100,000 attributes on one element (1 MB): libxml2 2.9 checks attribute
# duplicates quadratically (21 s).
attrs = " ".join('a%d="1"' % i for i in range(100000))
write("musicxml-many-attributes.musicxml",
      ('<?xml version="1.0"?>\n<score-partwise %s><part-list/></score-partwise>\n'
       % attrs).encode())

# A small .mxl that unpacks to 16 MiB of tiny elements (4 million
# nodes): libxml2's tree of a 64 MiB one took 2.2 GB.
import zipfile  # noqa: E402
body = b'<?xml version="1.0"?>\n<score-partwise><part-list/>' + b"<a/>" * (4 << 20) + b"</score-partwise>\n"
with zipfile.ZipFile(os.path.join(HERE, "tiny-elements.mxl"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("score.musicxml", body)
