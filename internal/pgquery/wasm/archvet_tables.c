/*
 * archvet_tables: what archvet reads of a parse tree, without the tree.
 *
 * It parses a text of statements with PostgreSQL's raw parser, as
 * pg_query_parse does, and instead of writing the whole tree as JSON it
 * walks the tree with the walk libpg_query generates for its JSON output
 * (pg_query_outfuncs_defs.c, included below with macros that keep only
 * the recursion) and writes a record for each node archvet reads:
 *
 *   'S' loc len        a statement (RawStmt) of the text: the records up to
 *                      the next 'S' are its own
 *   'T' schema name    a table name (RangeVar)
 *   'C' name           a CTE's name (CommonTableExpr)
 *   'D' kind n part... a DROP of tables, views or foreign tables: for each
 *                      object, its n name parts (catalog, schema, name)
 *
 * loc, len and n are 4-byte little-endian integers; a string is its
 * 4-byte length then its bytes (a NULL string is empty).
 */
#include "pg_query.h"
#include "pg_query_internal.h"

#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
#include "nodes/value.h"
#include "lib/stringinfo.h"

typedef struct
{
	char	   *data;			/* the records, malloc'd */
	int			len;
	PgQueryError *error;		/* or the statement's parse error */
}			ArchvetTablesResult;

static void
putInt(StringInfo out, int v)
{
	uint32		u = (uint32) v;
	char		b[4] = {u & 0xff, (u >> 8) & 0xff, (u >> 16) & 0xff, (u >> 24) & 0xff};

	appendBinaryStringInfo(out, b, 4);
}

static void
putStr(StringInfo out, const char *s)
{
	int			n = s ? strlen(s) : 0;

	putInt(out, n);
	appendBinaryStringInfo(out, s ? s : "", n);
}

#define OUT_TYPE(typename, typename_c) StringInfo
#define OUT_NODE(typename, typename_c, typename_underscore, typename_underscore_upcase, typename_cast, fldname) \
	_out##typename_c(out, (const typename_cast *) obj);

#define WRITE_INT_FIELD(outname, outname_json, fldname)
#define WRITE_UINT_FIELD(outname, outname_json, fldname)
#define WRITE_UINT64_FIELD(outname, outname_json, fldname)
#define WRITE_LONG_FIELD(outname, outname_json, fldname)
#define WRITE_CHAR_FIELD(outname, outname_json, fldname)
#define WRITE_ENUM_FIELD(typename, outname, outname_json, fldname)
#define WRITE_FLOAT_FIELD(outname, outname_json, fldname)
#define WRITE_BOOL_FIELD(outname, outname_json, fldname)
#define WRITE_STRING_FIELD(outname, outname_json, fldname)
#define WRITE_BITMAPSET_FIELD(outname, outname_json, fldname)
#define WRITE_LIST_FIELD(outname, outname_json, fldname) \
	if (node->fldname != NULL) { \
		const ListCell *lc; \
		foreach(lc, node->fldname) \
			_outNode(out, lfirst(lc)); \
	}
#define WRITE_NODE_FIELD(outname, outname_json, fldname) _outNode(out, &node->fldname);
#define WRITE_NODE_PTR_FIELD(outname, outname_json, fldname) _outNode(out, node->fldname);
/* A pointer to a node of a known type goes through _outNode all the same,
 * which records RangeVars (an UPDATE's relation is one). An embedded node
 * (CreateForeignTableStmt's CreateStmt) has no tag of its own. */
#define WRITE_SPECIFIC_NODE_FIELD(typename, typename_underscore, outname, outname_json, fldname) \
	_out##typename(out, &node->fldname);
#define WRITE_SPECIFIC_NODE_PTR_FIELD(typename, typename_underscore, outname, outname_json, fldname) \
	_outNode(out, node->fldname);

static void _outNode(StringInfo out, const void *obj);

static void
_outList(StringInfo out, const List *node)
{
	const ListCell *lc;

	foreach(lc, node)
		_outNode(out, lfirst(lc));
}

static void _outIntList(StringInfo out, const List *node) {}
static void _outOidList(StringInfo out, const List *node) {}
static void _outInteger(StringInfo out, const Integer *node) {}
static void _outBoolean(StringInfo out, const Boolean *node) {}
static void _outFloat(StringInfo out, const Float *node) {}
static void _outString(StringInfo out, const String *node) {}
static void _outBitString(StringInfo out, const BitString *node) {}
static void _outAConst(StringInfo out, const A_Const *node) {}

#include "pg_query_outfuncs_defs.c"

static void
_outDrop(StringInfo out, const DropStmt *node)
{
	const ListCell *lc;

	switch (node->removeType)
	{
		case OBJECT_TABLE:
		case OBJECT_VIEW:
		case OBJECT_MATVIEW:
		case OBJECT_FOREIGN_TABLE:
			break;
		default:
			return;
	}
	foreach(lc, node->objects)
	{
		const List *parts = lfirst(lc);
		const ListCell *pc;

		if (parts == NULL || !IsA(parts, List))
			continue;
		appendStringInfoChar(out, 'D');
		putInt(out, list_length(parts));
		foreach(pc, parts)
		{
			const Node *part = lfirst(pc);

			putStr(out, part != NULL && IsA(part, String) ? strVal(part) : NULL);
		}
	}
}

static void
_outNode(StringInfo out, const void *obj)
{
	if (obj == NULL)
		return;
	switch (nodeTag(obj))
	{
		case T_RangeVar:
			{
				const RangeVar *rv = obj;

				if (rv->relname != NULL && rv->relname[0] != '\0')
				{
					appendStringInfoChar(out, 'T');
					putStr(out, rv->schemaname);
					putStr(out, rv->relname);
				}
				break;
			}
		case T_CommonTableExpr:
			appendStringInfoChar(out, 'C');
			putStr(out, ((const CommonTableExpr *) obj)->ctename);
			break;
		case T_RawStmt:
			appendStringInfoChar(out, 'S');
			putInt(out, ((const RawStmt *) obj)->stmt_location);
			putInt(out, ((const RawStmt *) obj)->stmt_len);
			break;
		case T_DropStmt:
			_outDrop(out, obj);
			break;
		default:
			break;
	}
	switch (nodeTag(obj))
	{
#include "pg_query_outfuncs_conds.c"
		default:
			break;
	}
}

ArchvetTablesResult *
archvet_tables(const char *input)
{
	MemoryContext ctx = pg_query_enter_memory_context();
	PgQueryInternalParsetreeAndError parsed = pg_query_raw_parse(input, PG_QUERY_PARSE_DEFAULT);
	ArchvetTablesResult *res = calloc(1, sizeof(ArchvetTablesResult));

	if (res == NULL)
		abort();
	if (parsed.error != NULL)
		res->error = parsed.error;
	else
	{
		StringInfoData out;

		initStringInfo(&out);
		_outNode(&out, parsed.tree);
		res->data = malloc(out.len > 0 ? out.len : 1);
		if (res->data == NULL)
			abort();
		memcpy(res->data, out.data, out.len);
		res->len = out.len;
	}
	free(parsed.stderr_buffer);
	pg_query_exit_memory_context(ctx);
	return res;
}

void
archvet_free_tables(ArchvetTablesResult *res)
{
	if (res->error != NULL)
		pg_query_free_error(res->error);
	free(res->data);
	free(res);
}
