/*
 * parser/json_write.h - writing values as JSON, piece by piece.
 *
 * cJSON escapes strings and prints each value; the writer lays the text out
 * (PowerShell's ConvertTo-Json layout, or compact) and hands it to a sink as
 * it goes. Containers near the top (IDLE_JW_STREAM_DEPTH) and long arrays
 * are written element by element, so that a plan or a result of ten thousand
 * steps never exists as one cJSON tree: memory stays at the size of one
 * element.
 *
 *   idle_jwriter j;
 *   idle_jw_init(&j, flags, idle_json_buf_sink, &buf, NULL, NULL);
 *   idle_jw_open(&j, 1);            // {
 *   idle_jw_key(&j, "Steps", 5);    //   "Steps":
 *   idle_jw_value(&j, &steps);      //   [ ... ]
 *   idle_jw_close(&j);              // }
 *   rc = idle_jw_finish(&j);
 */
#ifndef IDLE_PARSER_JSON_WRITE_H
#define IDLE_PARSER_JSON_WRITE_H

#include "core/buf.h"
#include "core/diag.h"
#include "core/path.h"
#include "core/source.h"
#include "core/value.h"

#include <idle/json.h>

/* Containers above this depth are written element by element. */
#define IDLE_JW_STREAM_DEPTH 2
/* ... and so are arrays of at least this many elements. */
#define IDLE_JW_STREAM_ITEMS 32
#define IDLE_JW_MAX_OPEN     32

/* Takes len bytes of output; 0, or nonzero to stop the writer (IDLE_EIO). */
typedef idle_write_fn idle_json_sink;

typedef struct idle_jwriter {
	idle_json_sink sink;
	void *ud;
	unsigned flags; /* IDLE_JSON_COMPACT */
	idle_source *src;
	idle_diags *diags;
	idle_path path;
	int depth;                          /* open containers */
	size_t count[IDLE_JW_MAX_OPEN + 1]; /* elements written per open container */
	unsigned char is_map[IDLE_JW_MAX_OPEN + 1];
	unsigned char pushed[IDLE_JW_MAX_OPEN + 1]; /* the container put itself on the path */
	int after_key;                              /* a key was written: its value comes next */
	int key_pushed;
	int invalid, oom, io, limit;
} idle_jwriter;

void idle_jw_init(idle_jwriter *j, unsigned flags, idle_json_sink sink, void *ud, idle_source *src,
                  idle_diags *diags);
/* Opens a map (map = 1) or an array as the next value. */
void idle_jw_open(idle_jwriter *j, int map);
/* The key of the next value, inside a map. */
void idle_jw_key(idle_jwriter *j, const char *key, size_t len);
/* A whole value, as the next array element or after a key. */
void idle_jw_value(idle_jwriter *j, const idle_value *v);
void idle_jw_close(idle_jwriter *j);
/*
 * Ends the writer: 0, IDLE_EINVALID (a value had no JSON form; reported in
 * diags), IDLE_ENOMEM, IDLE_EIO (the sink stopped) or IDLE_ELIMIT.
 */
int idle_jw_finish(idle_jwriter *j);

/* A sink that appends to an idle_buf (ud). */
int idle_json_buf_sink(void *ud, const char *data, size_t len);
/*
 * The end of writing into b with idle_json_buf_sink, rc being what the
 * writer returned: *out takes the text (a sink cannot fail but for memory).
 * b is freed either way.
 */
int idle_json_buf_take(idle_buf *b, int rc, char **out, size_t *len);

#endif
