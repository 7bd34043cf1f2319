/* log.h - leveled logging to stderr; stdout belongs to the protocol. */
#ifndef VB_LOG_H
#define VB_LOG_H

#include "attrs.h"

enum log_level { LOG_QUIET, LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level level);
/* Parses "quiet", "error", "warn", "info", "debug"; -1 if unknown. */
int log_level_parse(const char *name);
void vb_log(enum log_level level, const char *fmt, ...)
    VB_PRINTF(2, 3);

#define log_error(...) vb_log(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  vb_log(LOG_WARN, __VA_ARGS__)
#define log_info(...)  vb_log(LOG_INFO, __VA_ARGS__)
#define log_debug(...) vb_log(LOG_DEBUG, __VA_ARGS__)

#endif
