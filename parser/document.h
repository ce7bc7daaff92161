/*
 * parser/document.h - the document's layout, for the engine (inside the library).
 */
#ifndef IDLE_PARSER_DOCUMENT_H
#define IDLE_PARSER_DOCUMENT_H

#include <idle/document.h>

#include "core/arena.h"
#include "core/source.h"
#include "core/value.h"

struct idle_doc {
	idle_arena arena;
	idle_source *src;
	idle_value root;
};

#endif
