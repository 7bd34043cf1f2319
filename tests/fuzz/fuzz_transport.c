/*
 * fuzz_transport.c - arbitrary bytes as stdin: framed into lines by the
 * line reader (with a small limit, so over-long lines are exercised) and
 * each line dispatched.  Invariant: every line gets a response unless it
 * is blank or a notification, every response is valid JSON, and nothing
 * crashes or leaks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/daemon.h"
#include "methods/daemon_state.h"
#include "transport/dispatch.h"
#include "transport/line_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whatever was written must be one valid JSON value. */
static void
check_json(const struct json_out *o)
{
	json_t *v;

	if (o->len == 0)
		return;
	v = json_loadb(o->buf, o->len, JSON_DECODE_ANY, NULL);
	if (v == NULL)
		abort();
	json_decref(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct daemon d;
	static int initialised;
	struct line_reader lr;
	const char *line;
	size_t len, room;

	if (!initialised) {
		struct vb_limits l;
		daemon_limits_default(&l);
		l.max_message_bytes = 4096;
		daemon_init(&d, &l);
		initialised = 1;
	}
	d.shutdown_requested = 0;
	line_reader_init(&lr, d.limits.max_message_bytes);
	/* Feed in two pieces to exercise lines split across reads. */
	size_t cut = size / 2;
	for (int part = 0; part < 2; part++) {
		const uint8_t *p = part ? data + cut : data;
		size_t n = part ? size - cut : cut;
		while (n > 0) {
			char *space = line_reader_space(&lr, &room);
			if (space == NULL)
				abort();
			size_t k = n < room ? n : room;
			memcpy(space, p, k);
			line_reader_commit(&lr, k);
			p += k;
			n -= k;
			enum line_status st;
			while ((st = line_reader_next(&lr, &line, &len)) != LINE_NEED_MORE) {
				struct json_out o;

				json_out_init(&o);
				if (st == LINE_OK)
					dispatch_line(&d, line, len, &o);
				else
					dispatch_too_large(&d, &o);
				check_json(&o);
				json_out_free(&o);
			}
		}
	}
	if (line_reader_last(&lr, &line, &len) == LINE_OK) {
		struct json_out o;

		json_out_init(&o);
		dispatch_line(&d, line, len, &o);
		check_json(&o);
		json_out_free(&o);
	}
	line_reader_fini(&lr);
	return 0;
}
