/* error.c - filling struct vb_error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "utf8.h"
#include "words.h"

static void
error_fill(struct vb_error *err, int rpc_code, const char *code,
    const char *field, const char *fmt, va_list ap)
{
	err->rpc_code = rpc_code;
	snprintf(err->code, sizeof err->code, "%s", code ? code : "ERR_INTERNAL");
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	/* Both go out in JSON, which must be valid UTF-8: snprintf may have
	 * cut a character in two, and a path or name may not be UTF-8. */
	utf8_repair(err->field);
	utf8_repair(err->message);
}

int
vb_error_set(struct vb_error *err, int rpc_code, const char *code,
    const char *field, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	error_fill(err, rpc_code, code, field, fmt, ap);
	va_end(ap);
	return -1;
}

int
vb_error_param(struct vb_error *err, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	error_fill(err, RPC_INVALID_PARAMS, code, field, fmt, ap);
	va_end(ap);
	return -1;
}

void
vb_error_clear(struct vb_error *err)
{
	memset(err, 0, sizeof *err);
}

int
vb_error_nomem(struct vb_error *err, const char *doing)
{
	return vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_NO_MEMORY", NULL,
	    "Out of memory %s", doing);
}

/* In PROTOCOL.md's order: transport, then each method's refusals. */
const struct vb_error_code vb_error_codes[] = {
	{ "ERR_PARSE", RPC_PARSE_ERROR, "invalid JSON or UTF-8" },
	{ "ERR_INVALID_REQUEST", RPC_INVALID_REQUEST,
	  "not a JSON-RPC 2.0 request" },
	{ "ERR_MESSAGE_TOO_LARGE", RPC_INVALID_REQUEST,
	  "a line over max_message_bytes, skipped" },
	{ "ERR_TOO_DEEP", RPC_INVALID_REQUEST, "JSON nested over max_json_depth" },
	{ "ERR_TOO_MANY_VALUES", RPC_INVALID_REQUEST,
	  "a line whose values cost over max_json_values, not parsed" },
	{ "ERR_BATCH_TOO_LARGE", RPC_INVALID_REQUEST,
	  "a batch of more than max_batch_size requests" },
	{ "ERR_METHOD_NOT_FOUND", RPC_METHOD_NOT_FOUND, "no such method" },
	{ "ERR_INVALID_PARAMS", RPC_INVALID_PARAMS,
	  "a parameter of the wrong type or a forbidden combination" },
	{ "ERR_INTERNAL", RPC_INTERNAL_ERROR, "a bug: please report" },
	{ "ERR_NO_MEMORY", RPC_INTERNAL_ERROR, "out of memory" },
	{ "ERR_CANCELLED", RPC_REQUEST_CANCELLED,
	  "$/cancelRequest named it, or the daemon is stopping" },
	{ "ERR_NO_FILE", RPC_INVALID_PARAMS, "no song given" },
	{ "ERR_NO_FILE_SELECTED", RPC_INVALID_PARAMS, "content without filename" },
	{ "ERR_INVALID_BASE64", RPC_INVALID_PARAMS, "content is not base64" },
	{ "ERR_UNSUPPORTED_FORMAT", RPC_INVALID_PARAMS,
	  "an unknown format name; -32000: a file of no known format" },
	{ "ERR_FILE_NOT_FOUND", RPC_IO_ERROR, "no file at path" },
	{ "ERR_NOT_REGULAR_FILE", RPC_IO_ERROR,
	  "path is a directory, device, fifo or socket (export: -32602)" },
	{ "ERR_PERMISSION_DENIED", RPC_IO_ERROR, "not allowed to read or write" },
	{ "ERR_IO", RPC_IO_ERROR, "reading or writing a file failed" },
	{ "ERR_FILE_TOO_LARGE", RPC_LIMIT_EXCEEDED, "over max_file_bytes" },
	{ "ERR_TOO_MANY_TRACKS", RPC_LIMIT_EXCEEDED, "over max_tracks" },
	{ "ERR_TOO_MANY_NOTES", RPC_LIMIT_EXCEEDED, "over max_notes" },
	{ "ERR_DECODED_TOO_LARGE", RPC_LIMIT_EXCEEDED,
	  "an .mxl member over max_decoded_bytes" },
	{ "ERR_MUSIC_PARSE", RPC_APP_ERROR, "a damaged or unsupported song file" },
	{ "ERR_XML_TOO_LARGE", RPC_LIMIT_EXCEEDED,
	  "a MusicXML document over max_xml_nodes" },
	{ "ERR_XML_UNSAFE", RPC_APP_ERROR,
	  "MusicXML declaring entities or external references" },
	{ "ERR_NO_NOTES", RPC_APP_ERROR, "the song has no rung notes" },
	{ "ERR_STORE_FULL", RPC_LIMIT_EXCEEDED,
	  "one score alone over max_store_bytes" },
	{ "ERR_UNKNOWN_SCORE", RPC_NOT_FOUND, "score_id is not held" },
	{ "ERR_NO_PLAYERS", RPC_INVALID_PARAMS, "no players" },
	{ "ERR_INVALID_PLAYERS", RPC_INVALID_PARAMS, "players is not an array" },
	{ "ERR_TOO_FEW_PLAYERS", RPC_INVALID_PARAMS, "players is empty" },
	{ "ERR_TOO_MANY_PLAYERS", RPC_LIMIT_EXCEEDED, "over max_players" },
	{ "ERR_INVALID_PLAYER_FORMAT", RPC_INVALID_PARAMS,
	  "a player that is not an object, or a bad experience" },
	{ "ERR_PLAYER_NO_NAME", RPC_INVALID_PARAMS, "a player without a name" },
	{ "ERR_DUPLICATE_PLAYER", RPC_INVALID_PARAMS, "a name given twice" },
	{ "ERR_INVALID_STRATEGY", RPC_INVALID_PARAMS, "an unknown strategy" },
	{ "ERR_INVALID_CONFIG", RPC_INVALID_PARAMS,
	  "an unknown or out-of-range config value" },
	{ "ERR_INVALID_LOCKS", RPC_INVALID_PARAMS,
	  "a lock of the wrong shape, for no player, on a bell the piece "
	  "lacks, on one bell twice, or over a player's capacity" },
	{ "ERR_INVALID_PREVIOUS", RPC_INVALID_PARAMS,
	  "previous is not an arrangement's assignments, or names a bell "
	  "badly or twice" },
	{ "ERR_GENERATION_FAILED", RPC_APP_ERROR,
	  "no strategy gave an arrangement" },
	{ "ERR_NO_DATA", RPC_INVALID_PARAMS, "export without an arrangement" },
	{ "ERR_PLAYER_NO_EXPERIENCE", RPC_INVALID_PARAMS,
	  "an export player without experience" },
	{ "ERR_INVALID_ARRANGEMENT", RPC_INVALID_PARAMS,
	  "an arrangement of the wrong shape" },
	{ "ERR_INVALID_SWAPS", RPC_INVALID_PARAMS, "swaps of the wrong shape" },
	{ "ERR_INVALID_FORMAT", RPC_INVALID_PARAMS, "an unknown export format" },
	{ "ERR_PATH_IS_DIRECTORY", RPC_INVALID_PARAMS,
	  "an export path naming a directory" },
	{ "ERR_NO_PARENT_DIRECTORY", RPC_INVALID_PARAMS,
	  "an export path whose folder does not exist" },
	{ "ERR_FILE_EXISTS", RPC_IO_ERROR,
	  "the export path exists and overwrite is not true" },
	{ "ERR_EXPORT_FAILED", RPC_APP_ERROR,
	  "a MIDI file over its format's limits (tracks, size)" },
	{ "ERR_SHEETS_UNAVAILABLE", RPC_APP_ERROR,
	  "pdf, svg or png from a build without cairo" },
	/* Choir mode (issue 19). */
	{ "ERR_INVALID_BELL_SET", RPC_INVALID_PARAMS,
	  "a bell_set that is no preset or a bad set object" },
	{ "ERR_INVALID_OCTAVE_SHIFT", RPC_INVALID_PARAMS,
	  "an octave_shift other than -24, -12, 0, 12, 24" },
	{ "ERR_INVALID_OUT_OF_RANGE", RPC_INVALID_PARAMS,
	  "an unknown out_of_range" },
	{ "ERR_INVALID_TRACK", RPC_INVALID_PARAMS,
	  "a track the score does not have" },
	{ "ERR_OUT_OF_RANGE", RPC_APP_ERROR,
	  "out_of_range error: the piece needs bells the set lacks" },
};
const size_t vb_error_code_count =
    sizeof vb_error_codes / sizeof vb_error_codes[0];

const struct vb_error_code *
vb_error_code_find(const char *code)
{
	int i = words_index(vb_error_codes, vb_error_code_count,
	    sizeof vb_error_codes[0], code);

	return i < 0 ? NULL : &vb_error_codes[i];
}
