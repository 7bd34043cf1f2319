#!/usr/bin/python3
"""oracle.py - run upstream Vibebells' own arrangement code on a MIDI file
and print the response /api/generate-arrangements would send, as JSON.

This is OUR driver; upstream's code is read from its git history at run
time (never copied into this repository):

    oracle.py UPSTREAM_GIT_DIR MIDI_FILE PLAYERS_JSON > expected.json

It extracts backend/ at commit e137480 into a temporary directory, patches
only the set-iteration orders PORTING.md fixes (pitch lists ascending,
sets of bells in first-insertion order), stubs flask/dotenv/music21 (not
needed for MIDI), and builds the response dict exactly as routes.py does.
Needs python3-mido.
"""
import json
import os
import subprocess
import sys
import tempfile
import types

COMMIT = 'e137480'

# (file, old, new): each must match exactly once.
PATCHES = [
    ('app/services/midi_parser.py',
     'unique_pitches = list(set(pitches))',
     'unique_pitches = sorted(set(pitches))'),
    ('app/services/melody_harmony_extractor.py',
     "'melody_pitches': list(set([n['pitch'] for n in melody])),",
     "'melody_pitches': sorted(set([n['pitch'] for n in melody])),"),
    ('app/services/melody_harmony_extractor.py',
     "'harmony_pitches': list(set([n['pitch'] for n in harmony]))",
     "'harmony_pitches': sorted(set([n['pitch'] for n in harmony]))"),
    ('app/services/bell_assignment.py',
     'for p in existing_pitches:',
     'for p in sorted(existing_pitches):'),
    ('app/services/arrangement_validator.py',
     'for bell in set(bells):',
     'for bell in dict.fromkeys(bells):'),
    ('app/services/arrangement_validator.py',
     'unique_bells = set(bells)',
     'unique_bells = dict.fromkeys(bells)'),
]


def extract(git_dir, dest):
    tar = subprocess.run(['git', '-C', git_dir, 'archive', COMMIT, 'backend'],
                         check=True, capture_output=True).stdout
    subprocess.run(['tar', '-x', '-C', dest], input=tar, check=True)
    backend = os.path.join(dest, 'backend')
    for rel, old, new in PATCHES:
        path = os.path.join(backend, rel)
        text = open(path).read()
        if text.count(old) != 1:
            sys.exit(f'patch does not apply: {rel}: {old}')
        open(path, 'w').write(text.replace(old, new))
    return backend


def stub_modules():
    dotenv = types.ModuleType('dotenv')
    dotenv.load_dotenv = lambda *a, **k: None
    sys.modules['dotenv'] = dotenv
    m21 = types.ModuleType('music21')
    m21.converter = m21.note = m21.chord = None
    sys.modules['music21'] = m21
    wz = types.ModuleType('werkzeug')
    wzu = types.ModuleType('werkzeug.utils')
    wzu.secure_filename = lambda name: name
    wz.utils = wzu
    sys.modules['werkzeug'] = wz
    sys.modules['werkzeug.utils'] = wzu
    cors = types.ModuleType('flask_cors')
    cors.CORS = None
    sys.modules['flask_cors'] = cors
    flask = types.ModuleType('flask')

    class App:
        config = {}
    flask.current_app = App()
    for name in ('Flask', 'Blueprint', 'request', 'jsonify', 'send_file'):
        setattr(flask, name, None)
    sys.modules['flask'] = flask
    return flask


def main():
    git_dir, midi, players_json = sys.argv[1:4]
    players = json.loads(players_json)
    with tempfile.TemporaryDirectory() as tmp:
        backend = extract(git_dir, tmp)
        sys.path.insert(0, backend)
        flask = stub_modules()
        from config import Config
        flask.current_app.config = {k: getattr(Config, k) for k in dir(Config)
                                    if k.isupper()}
        from app.services.music_parser import MusicParser
        from app.services.arrangement_generator import ArrangementGenerator
        music_data = MusicParser().parse(midi)
        result = ArrangementGenerator().generate(music_data, players)
        arrangements = result['arrangements']
        response = {
            'success': True,
            'arrangements': arrangements,
            'note_count': music_data['note_count'],
            'melody_count': len(music_data.get('melody_pitches', [])),
            'harmony_count': len(music_data.get('harmony_pitches', [])),
            'best_arrangement': arrangements[0] if arrangements else None,
        }
        if result.get('expanded'):
            response['expansion_info'] = {
                'expanded': True,
                'original_player_count': result['original_player_count'],
                'final_player_count': result['final_player_count'],
                'minimum_required': result['minimum_players'],
                'message': f"The song requires at least {result['minimum_players']} players. Arrangements show {result['final_player_count']} players (including {result['final_player_count'] - result['original_player_count']} virtual players).",
            }
        json.dump(response, sys.stdout, sort_keys=True)
        sys.stdout.write('\n')


if __name__ == '__main__':
    main()
