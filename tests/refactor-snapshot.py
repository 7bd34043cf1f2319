#!/usr/bin/env python3
"""Records what the daemon answers on the whole corpus, to prove a
refactor changed no byte: run it before and after, then `diff -r`.

    python3 tests/refactor-snapshot.py build/vibebellsd OUTDIR

For every file of tests/corpus and every player set below: arrange with
all six strategies and the simulation on, then export csv, json and midi
of every arrangement it returned.  Also the ready line, --help, the CLI's
report and a list of refused requests (their messages and codes).
Export timestamps (the Generated cell, metadata.generated, the suggested
file name) are masked; everything else is compared as written.
The optimized search gets search_ms 60000 so that only its iteration and
work bounds stop it: a loaded machine must not change the answer.
"""
import base64, json, os, re, subprocess, sys

daemon, out = sys.argv[1], sys.argv[2]
top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(top, "tests", "corpus")
os.makedirs(out, exist_ok=True)

LEVELS = ["experienced", "intermediate", "beginner"]
def team(n, offset=0):
    return [{"name": "P%02d" % i, "experience": LEVELS[(i + offset) % 3]}
            for i in range(n)]
SETS = {
    "1": team(1),
    "4": team(4, 1),
    "8": team(8, 2),
    "16": team(16),
    "odd": [{"name": "Zoé", "experience": "expert"}, {"name": "Al"},
            {"name": "=cmd", "experience": "beginner"},
            {"name": "Bo", "experience": "experienced"}],
}
CONFIG = {"search_ms": 60000}

TS = [(re.compile(r'Generated,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'), 'Generated,TS'),
      (re.compile(r'"generated":"[^"]*"'), '"generated":"TS"'),
      (re.compile(r'\\"generated\\": ?\\"[^"\\]*\\"'), '"generated":"TS"'),
      (re.compile(r'_\d{8}_\d{6}\.'), '_TS.'),
      (re.compile(r'"uptime_ms":\d+'), '"uptime_ms":0'),
      (re.compile(r'"pid":\d+'), '"pid":0'),
      # score ids carry a per-process nonce ("s1-3cd0c71a")
      (re.compile(r'"(s\d+)-[0-9a-f]+"'), r'"\1-N"')]
def mask(s):
    for r, t in TS:
        s = r.sub(t, s)
    return s

class Daemon:
    def __init__(self):
        self.p = subprocess.Popen([daemon, "--log-level", "quiet"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.ready = self.p.stdout.readline().decode()
        self.n = 0
    def raw(self, line):
        self.p.stdin.write(line.encode() + b"\n")
        self.p.stdin.flush()
        return self.p.stdout.readline().decode()
    def call(self, method, params):
        self.n += 1
        return self.raw(json.dumps({"jsonrpc": "2.0", "id": self.n,
                                    "method": method, "params": params}))
    def close(self):
        self.p.stdin.close()
        self.p.wait()

d = Daemon()
with open(os.path.join(out, "ready.json"), "w") as f:
    f.write(mask(d.ready))
for name in sorted(os.listdir(corpus)):
    if name.endswith(".md"):
        continue
    path = os.path.join(corpus, name)
    up = d.call("upload", {"path": path})
    with open(os.path.join(out, name + ".upload.json"), "w") as f:
        f.write(mask(up))
    sid = json.loads(up)["result"]["score_id"]
    for sname, players in SETS.items():
        tag = "%s.%s" % (name, sname)
        line = d.call("arrange", {"score_id": sid, "players": players,
                                  "config": CONFIG})
        with open(os.path.join(out, tag + ".arrange.json"), "w") as f:
            f.write(line)
        res = json.loads(line)["result"]
        for i, arr in enumerate(res["arrangements"]):
            for fmt in ("csv", "json", "midi"):
                e = d.call("export", {"arrangement": arr, "players": players,
                                      "filename": name,
                                      "strategy": arr["strategy"],
                                      "swaps": arr["swaps"], "format": fmt,
                                      "score_id": sid})
                with open(os.path.join(out, "%s.%d.%s.export" % (tag, i, fmt)), "w") as f:
                    f.write(mask(e))
    d.call("score.close", {"score_id": sid})

# Refusals: each message, code and field must stay as it was.
song = os.path.join(corpus, "upstream-test-song.mid")
P = [{"name": "A", "experience": "beginner"}]
bad = [
    ("upload", {"path": song, "format": "wav"}),
    ("upload", {"path": song, "format": 3}),
    ("upload", {"path": 3}),
    ("upload", {"content": "AAAA"}),
    ("upload", {"content": "!!", "filename": "a.mid"}),
    ("upload", {"path": song, "include_percussion": "yes"}),
    ("upload", {"path": "/nonexistent"}),
    ("upload", {"path": "/tmp"}),
    ("upload", {}),
    ("arrange", {"path": song}),
    ("arrange", {"path": song, "players": {}}),
    ("arrange", {"path": song, "players": []}),
    ("arrange", {"path": song, "players": [1]}),
    ("arrange", {"path": song, "players": [{"experience": "beginner"}]}),
    ("arrange", {"path": song, "players": [{"name": ""}]}),
    ("arrange", {"path": song, "players": [{"name": 3}]}),
    ("arrange", {"path": song, "players": [{"name": "A", "experience": 3}]}),
    ("arrange", {"path": song, "players": P + P}),
    ("arrange", {"path": song, "players": team(65)}),
    ("arrange", {"path": song, "players": P, "strategies": ["nope"]}),
    ("arrange", {"path": song, "players": P, "strategies": "balanced"}),
    ("arrange", {"path": song, "players": P, "strategies": [3]}),
    ("arrange", {"path": song, "players": P, "strategies": []}),
    ("arrange", {"path": song, "players": P, "config": 3}),
    ("arrange", {"path": song, "players": P, "config": {"bells_per_level": 3}}),
    ("arrange", {"path": song, "players": P, "config": {"bells_per_level": {"beginner": 9}}}),
    ("arrange", {"path": song, "players": P, "config": {"bells_per_level": {"expert": 2}}}),
    ("arrange", {"path": song, "players": P, "config": {"bells_per_level": {"beginner": 1.5}}}),
    ("arrange", {"path": song, "players": P, "config": {"swap_gap_ms": {"beginner": -1}}}),
    ("arrange", {"path": song, "players": P, "config": {"impossible_gap_ms": "x"}}),
    ("arrange", {"path": song, "players": P, "config": {"search_ms": 0}}),
    ("arrange", {"path": song, "players": P, "config": {"search_iterations": 10000001}}),
    ("arrange", {"path": song, "players": P, "config": {"unknown_key": 1}}),
    ("arrange", {"path": song, "players": P, "include_simulation": 1}),
    ("arrange", {"score_id": "s999", "players": P}),
    ("arrange", {"score_id": 5, "players": P}),
    ("arrange", {"players": P}),
    ("arrange", {"path": song, "players": P, "include_simulation": False,
                 "strategies": ["balanced"]}),
    ("export", {}),
    ("export", {"arrangement": {}}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "players": 3}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "players": [3]}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "players": [{"experience": "x"}]}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "players": [{"name": "x"}]}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "players": [{"name": "x", "experience": []}]}),
    ("export", {"arrangement": {"A": 3}}),
    ("export", {"arrangement": {"A": {"bells": [3]}}}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "filename": 3}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "strategy": 3}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "path": 3}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "overwrite": 3}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "score_id": 3}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "swaps": 3}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "swaps": {"A": []}}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "format": "pdf"}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "format": 3}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "format": "midi"}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "format": "midi", "score_id": "s999"}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "path": "/tmp/"}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "path": "/nonexistent/x.csv"}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "path": "/dev/null"}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "strategy": None}),
    ("export", {"arrangement": {"A": {"bells": ["C4"]}}, "format": "json", "filename": "a.b.c"}),
    ("score.close", {}),
    ("score.close", {"score_id": 3}),
    ("score.close", {"score_id": "s999"}),
    ("nomethod", {}),
    ("ping", {}),
]
with open(os.path.join(out, "refusals.jsonl"), "w") as f:
    for m, p in bad:
        f.write(mask(d.call(m, p)))
    for raw in ['{', '[]', '{"jsonrpc":"2.0","id":1}', '{"jsonrpc":"1.0","id":1,"method":"ping"}',
                '{"jsonrpc":"2.0","id":1,"method":"ping","params":[]}',
                '[{"jsonrpc":"2.0","id":1,"method":"ping"},3]']:
        f.write(mask(d.raw(raw)))
d.close()

# The CLI: help, info, the report, errors and exit codes.
def run(args, name):
    r = subprocess.run([daemon] + args, capture_output=True)
    with open(os.path.join(out, "cli." + name), "wb") as f:
        f.write(r.stdout + b"\n--stderr--\n" + r.stderr + b"\n--rc %d--\n" % r.returncode)
run(["--help"], "help")
run(["--version"], "version")
run(["--bogus"], "bogus")
run(["--log-level", "loud"], "loglevel")
run(["--max-scores", "x"], "maxscores")
run(["info", song], "info")
run(["info", song, "--json"], "info-json")
run(["info", song, "--format", "wav"], "info-badformat")
run(["arrange"], "arrange-noargs")
run(["arrange", song, "--player", "A:beginner", "--player", "B:experienced"], "arrange")
run(["arrange", song, "--player", "A:expert"], "arrange-badlevel")
run(["arrange", song, "--player", "A:beginner", "--strategy", "nope"], "arrange-badstrategy")
run(["arrange", song, "--player", "A:beginner", "--strategy", "balanced", "--json"], "arrange-json")
run(["call", "ping"], "call-ping")
run(["call", "export", "{}"], "call-export")
run(["help"], "help-cmd")
for r in os.listdir(out):
    if r.startswith("cli."):
        p = os.path.join(out, r)
        with open(p, "rb") as f:
            b = f.read()
        b = re.sub(rb'"uptime_ms":\d+', b'"uptime_ms":0', b)
        with open(p, "wb") as f:
            f.write(b)
print("snapshot in", out)
