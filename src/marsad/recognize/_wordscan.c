/* The hot loops of marsad.recognize.matcher, in C.

   split(text, cache, miss), collect(info, starts, words, found, match_type, ngates),
   rests(pending, words, matchers, found, match_type), longest(lists),
   before(words, pos, n, stops) and after(words, pos, n, stops) do what the pure-Python
   functions _split_py, _collect_py, _rests_py, _longest_py, _before_py and _after_py of
   matcher.py do, and must return the same values
   (tests/recognize/test_wordscan.py compares them on random input and, when ../shared
   is beside the repository, on corpus articles). matcher.py uses them when this module
   is built (pip install builds it; it is optional) and MARSAD_PURE_PYTHON is not set;
   otherwise the Python versions run. WordTable, the word cache of a WordIndex, is a
   dict in pure Python; split takes either. Screen has no Python twin: with it, split
   settles the new words that hold no lexicon surface itself, giving what
   WordIndex._analyse gives (the tests hold the two together); in pure Python every new
   word goes to _analyse.

   A word is a maximal run of characters for which str.isalnum() is true: what the
   regex [^\W_]+ matches, and what \w+ matches in a text without an underscore. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Characters below U+0700 (Latin, Arabic) classified once, at import: 1 when
   Py_UNICODE_ISALNUM is true. Read-only afterwards. */
#define LOW_CHARS 0x700
static unsigned char low_alnum[LOW_CHARS];

static inline int
is_alnum(Py_UCS4 ch)
{
    return ch < LOW_CHARS ? low_alnum[ch] : Py_UNICODE_ISALNUM(ch);
}

/* The int objects 0 .. N_OFFSETS-1, made at import, so that a word's offsets in a text
   of ordinary length cost no allocation. Read-only afterwards. */
#define N_OFFSETS 16384
static PyObject *offsets[N_OFFSETS];

static PyObject *
offset_obj(Py_ssize_t i)
{
    return i < N_OFFSETS ? Py_NewRef(offsets[i]) : PyLong_FromSsize_t(i);
}

/* ---- WordTable: the word cache of a WordIndex --------------------------------------

   A map from str keys to any objects, with what the word cache needs of a dict (get,
   [] and []=, in, len, clear, items), looked up by split straight from the characters
   of the text: a known word costs no new string and no string hash, and the word split
   returns is the key object the table holds (equal to the text's word, not a copy).
   Open addressing with linear probing; entries are only added (clear empties it). */

typedef struct {
    PyObject *key;  /* a str; NULL: a free slot */
    PyObject *value;
    Py_uhash_t hash;
} wt_entry;

typedef struct {
    PyObject_HEAD
    wt_entry *slots;
    Py_ssize_t mask;  /* the number of slots (a power of two) - 1 */
    Py_ssize_t used;
} WordTable;

#define WT_MIN_SLOTS 1024

/* FNV-1a over the code points of data[a:b] (so a word hashes alike in a text of any
   kind and as a str of its own), with the high bits folded into the low ones. */
static inline Py_uhash_t
wt_hash(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    Py_uhash_t h = 14695981039346656037ULL;
    for (Py_ssize_t i = a; i < b; i++) {
        h ^= PyUnicode_READ(kind, data, i);
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static inline int
wt_same(PyObject *key, int kind, const void *data, Py_ssize_t a, Py_ssize_t n)
{
    if (PyUnicode_GET_LENGTH(key) != n)
        return 0;
    int kk = PyUnicode_KIND(key);
    const void *kd = PyUnicode_DATA(key);
    if (kk == kind)
        return memcmp(kd, (const char *)data + a * kind, (size_t)n * kind) == 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_READ(kk, kd, i) != PyUnicode_READ(kind, data, a + i))
            return 0;
    return 1;
}

/* The slot of data[a:a+n] (hash h): its entry, or the free slot where it would go. */
static inline wt_entry *
wt_find(WordTable *t, Py_uhash_t h, int kind, const void *data, Py_ssize_t a, Py_ssize_t n)
{
    Py_ssize_t i = (Py_ssize_t)(h & (Py_uhash_t)t->mask);
    for (;;) {
        wt_entry *e = &t->slots[i];
        if (e->key == NULL || (e->hash == h && wt_same(e->key, kind, data, a, n)))
            return e;
        i = (i + 1) & t->mask;
    }
}

static wt_entry *
wt_find_key(WordTable *t, PyObject *key, Py_uhash_t *h)
{
    int kind = PyUnicode_KIND(key);
    const void *data = PyUnicode_DATA(key);
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    *h = wt_hash(kind, data, 0, n);
    return wt_find(t, *h, kind, data, 0, n);
}

static int
wt_alloc(WordTable *t, Py_ssize_t nslots)
{
    wt_entry *slots = PyMem_Calloc((size_t)nslots, sizeof(wt_entry));
    if (!slots) {
        PyErr_NoMemory();
        return -1;
    }
    t->slots = slots;
    t->mask = nslots - 1;
    t->used = 0;
    return 0;
}

static int
wt_grow(WordTable *t)
{
    wt_entry *old = t->slots;
    Py_ssize_t nold = t->mask + 1;
    if (wt_alloc(t, 2 * nold) < 0) {
        t->slots = old;
        return -1;
    }
    for (Py_ssize_t i = 0; i < nold; i++) {
        if (old[i].key == NULL)
            continue;
        Py_ssize_t j = (Py_ssize_t)(old[i].hash & (Py_uhash_t)t->mask);
        while (t->slots[j].key != NULL)
            j = (j + 1) & t->mask;
        t->slots[j] = old[i];
        t->used++;
    }
    PyMem_Free(old);
    return 0;
}

/* Drop every entry (the slots are freed; slots NULL when the new ones cannot be made). */
static void
wt_empty(WordTable *t, Py_ssize_t nslots)
{
    wt_entry *old = t->slots;
    Py_ssize_t nold = old ? t->mask + 1 : 0;
    t->slots = NULL;
    t->mask = -1;
    t->used = 0;
    for (Py_ssize_t i = 0; i < nold; i++) {
        Py_CLEAR(old[i].key);
        Py_CLEAR(old[i].value);
    }
    PyMem_Free(old);
    if (nslots)
        wt_alloc(t, nslots);
}

static int
wt_check_key(PyObject *key)
{
    if (!PyUnicode_CheckExact(key)) {
        PyErr_SetString(PyExc_TypeError, "WordTable keys are str");
        return -1;
    }
    return 0;
}

static int
wt_set(WordTable *t, PyObject *key, PyObject *value)
{
    if (wt_check_key(key) < 0)
        return -1;
    Py_uhash_t h;
    wt_entry *e = wt_find_key(t, key, &h);
    if (e->key != NULL) {
        Py_SETREF(e->value, Py_NewRef(value));
        return 0;
    }
    if ((t->used + 1) * 3 > (t->mask + 1) * 2) {
        if (wt_grow(t) < 0)
            return -1;
        e = wt_find_key(t, key, &h);
    }
    e->key = Py_NewRef(key);
    e->value = Py_NewRef(value);
    e->hash = h;
    t->used++;
    return 0;
}

static PyObject *
wt_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *init = NULL;
    if ((kwds && PyDict_GET_SIZE(kwds)) || !PyArg_ParseTuple(args, "|O!:WordTable", &PyDict_Type, &init)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "WordTable takes at most a dict");
        return NULL;
    }
    WordTable *t = (WordTable *)type->tp_alloc(type, 0);
    if (!t)
        return NULL;
    if (wt_alloc(t, WT_MIN_SLOTS) < 0) {
        Py_DECREF(t);
        return NULL;
    }
    if (init) {
        Py_ssize_t pos = 0;
        PyObject *k, *v;
        while (PyDict_Next(init, &pos, &k, &v)) {
            if (wt_set(t, k, v) < 0) {
                Py_DECREF(t);
                return NULL;
            }
        }
    }
    return (PyObject *)t;
}

static int
wt_traverse(WordTable *t, visitproc visit, void *arg)
{
    for (Py_ssize_t i = 0; t->slots && i <= t->mask; i++) {
        Py_VISIT(t->slots[i].key);
        Py_VISIT(t->slots[i].value);
    }
    return 0;
}

static int
wt_clear_gc(WordTable *t)
{
    wt_empty(t, 0);
    return 0;
}

static void
wt_dealloc(WordTable *t)
{
    PyObject_GC_UnTrack(t);
    wt_empty(t, 0);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

static int
wt_ready(WordTable *t)
{
    if (t->slots == NULL && wt_alloc(t, WT_MIN_SLOTS) < 0)
        return -1;
    return 0;
}

static Py_ssize_t
wt_len(WordTable *t)
{
    return t->used;
}

static PyObject *
wt_getitem(WordTable *t, PyObject *key)
{
    if (wt_check_key(key) < 0 || wt_ready(t) < 0)
        return NULL;
    Py_uhash_t h;
    wt_entry *e = wt_find_key(t, key, &h);
    if (e->key == NULL) {
        PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    return Py_NewRef(e->value);
}

static int
wt_ass_subscript(WordTable *t, PyObject *key, PyObject *value)
{
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "WordTable entries cannot be deleted one by one (clear() empties it)");
        return -1;
    }
    if (wt_ready(t) < 0)
        return -1;
    return wt_set(t, key, value);
}

static int
wt_contains(WordTable *t, PyObject *key)
{
    if (!PyUnicode_CheckExact(key) || t->slots == NULL)
        return 0;
    Py_uhash_t h;
    return wt_find_key(t, key, &h)->key != NULL;
}

static PyObject *
wt_get(WordTable *t, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "get(key, default=None)");
        return NULL;
    }
    PyObject *dflt = nargs > 1 ? args[1] : Py_None;
    if (!PyUnicode_CheckExact(args[0]) || t->slots == NULL)
        return Py_NewRef(dflt);
    Py_uhash_t h;
    wt_entry *e = wt_find_key(t, args[0], &h);
    return Py_NewRef(e->key ? e->value : dflt);
}

static PyObject *
wt_clear(WordTable *t, PyObject *unused)
{
    wt_empty(t, WT_MIN_SLOTS);
    if (t->slots == NULL)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
wt_items(WordTable *t, PyObject *unused)
{
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out && t->slots && i <= t->mask; i++) {
        if (t->slots[i].key == NULL)
            continue;
        PyObject *pair = PyTuple_Pack(2, t->slots[i].key, t->slots[i].value);
        if (!pair || PyList_Append(out, pair))
            Py_CLEAR(out);
        Py_XDECREF(pair);
    }
    return out;
}

static PyObject *
wt_reduce(WordTable *t, PyObject *unused)
{
    PyObject *d = PyDict_New();
    for (Py_ssize_t i = 0; d && t->slots && i <= t->mask; i++) {
        if (t->slots[i].key != NULL && PyDict_SetItem(d, t->slots[i].key, t->slots[i].value))
            Py_CLEAR(d);
    }
    return d ? Py_BuildValue("(O(N))", Py_TYPE(t), d) : NULL;
}

static PyMethodDef wt_methods[] = {
    {"get", (PyCFunction)(void (*)(void))wt_get, METH_FASTCALL, "get(key, default=None)"},
    {"clear", (PyCFunction)wt_clear, METH_NOARGS, "remove every entry"},
    {"items", (PyCFunction)wt_items, METH_NOARGS, "a list of the (key, value) pairs"},
    {"__reduce__", (PyCFunction)wt_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMappingMethods wt_as_mapping = {
    (lenfunc)wt_len, (binaryfunc)wt_getitem, (objobjargproc)wt_ass_subscript,
};

static PySequenceMethods wt_as_sequence = {
    .sq_contains = (objobjproc)wt_contains,
};

static PyTypeObject WordTableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "marsad.recognize._wordscan.WordTable",
    .tp_basicsize = sizeof(WordTable),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "WordTable(dict=None): a str -> object map that split reads from the text's characters",
    .tp_new = wt_new,
    .tp_dealloc = (destructor)wt_dealloc,
    .tp_traverse = (traverseproc)wt_traverse,
    .tp_clear = (inquiry)wt_clear_gc,
    .tp_methods = wt_methods,
    .tp_as_mapping = &wt_as_mapping,
    .tp_as_sequence = &wt_as_sequence,
};

/* ---- Screen: the new words no lexicon entry can take, analysed in C -----------------

   Screen(surfaces, prefixes, suffixes, max_prefix, tables, start_or_weak, limit), given
   to split with a WordTable cache, settles there each new word in which no surface
   stands (see WordIndex._analyse): a surface at word[k:len - s] counts when k is 0 or
   word[:k] one of prefixes (k <= max_prefix), and s is 0 or word[len - s:] one of
   suffixes. Most new words hold none; for them split computes the gate flags as
   WordIndex._gate_bits does, from tables: (conjunctions, prepositions, forms, digit_bits)
   for each set of proclitics, forms a WordTable of int flags; then for each
   (start, weak) of start_or_weak, weak is cleared where start is set. The word's
   analysis, (bits, (), ()) or None when bits is 0, goes into the cache (emptied first
   when it holds limit entries, as matcher.remember does) and into info; words with a
   surface are left to Python (misses). Flags must fit in 63 bits. */

typedef struct {
    PyObject *conj, *prep;  /* str: their characters */
    WordTable *forms;
    unsigned long long digit_bits;
} screen_table;

typedef struct {
    PyObject_HEAD
    PyObject *args;  /* the constructor's arguments (for pickling) */
    WordTable *surfaces, *prefixes, *suffixes;
    Py_ssize_t max_prefix, max_suffix, limit;
    Py_ssize_t ntables, nmasks;
    screen_table *tables;
    unsigned long long (*masks)[2];
    PyObject *values;  /* dict: flags -> (flags, (), ()), shared by the words with those flags */
} Screen;

static Py_ssize_t
longest_key(WordTable *t)
{
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i <= t->mask; i++)
        if (t->slots[i].key && PyUnicode_GET_LENGTH(t->slots[i].key) > n)
            n = PyUnicode_GET_LENGTH(t->slots[i].key);
    return n;
}

static int
as_flags(PyObject *o, unsigned long long *out)
{
    if (!PyLong_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "Screen: flags must be int");
        return -1;
    }
    *out = PyLong_AsUnsignedLongLong(o);
    if (*out == (unsigned long long)-1 && PyErr_Occurred())
        return -1;
    if (*out >> 63) {
        PyErr_SetString(PyExc_ValueError, "Screen: flags must fit in 63 bits");
        return -1;
    }
    return 0;
}

static void
screen_dealloc(Screen *s)
{
    for (Py_ssize_t i = 0; s->tables && i < s->ntables; i++) {
        Py_XDECREF(s->tables[i].conj);
        Py_XDECREF(s->tables[i].prep);
        Py_XDECREF(s->tables[i].forms);
    }
    PyMem_Free(s->tables);
    PyMem_Free(s->masks);
    Py_XDECREF(s->args);
    Py_XDECREF(s->surfaces);
    Py_XDECREF(s->prefixes);
    Py_XDECREF(s->suffixes);
    Py_XDECREF(s->values);
    Py_TYPE(s)->tp_free((PyObject *)s);
}

static PyObject *
screen_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *surfaces, *prefixes, *suffixes, *tables, *masks;
    Py_ssize_t max_prefix, limit;
    if ((kwds && PyDict_GET_SIZE(kwds))
        || !PyArg_ParseTuple(args, "O!O!O!nO!O!n:Screen", &WordTableType, &surfaces, &WordTableType, &prefixes,
                             &WordTableType, &suffixes, &max_prefix, &PyTuple_Type, &tables, &PyTuple_Type, &masks,
                             &limit)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "Screen takes positional arguments only");
        return NULL;
    }
    if (max_prefix < 0 || limit < 1) {
        PyErr_SetString(PyExc_ValueError, "Screen: max_prefix must be >= 0 and limit >= 1");
        return NULL;
    }
    Screen *s = (Screen *)type->tp_alloc(type, 0);
    if (!s)
        return NULL;
    s->args = Py_NewRef(args);
    s->surfaces = (WordTable *)Py_NewRef(surfaces);
    s->prefixes = (WordTable *)Py_NewRef(prefixes);
    s->suffixes = (WordTable *)Py_NewRef(suffixes);
    s->limit = limit;
    s->values = PyDict_New();
    if (!s->values || wt_ready(s->surfaces) < 0 || wt_ready(s->prefixes) < 0 || wt_ready(s->suffixes) < 0)
        goto fail;
    s->max_prefix = longest_key(s->prefixes);
    if (s->max_prefix > max_prefix)
        s->max_prefix = max_prefix;
    s->max_suffix = longest_key(s->suffixes);
    Py_ssize_t nt = PyTuple_GET_SIZE(tables), nm = PyTuple_GET_SIZE(masks);
    s->tables = PyMem_Calloc(nt ? (size_t)nt : 1, sizeof(screen_table));
    s->masks = PyMem_Calloc(nm ? (size_t)nm : 1, sizeof(*s->masks));
    if (!s->tables || !s->masks) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < nt; i++) {
        PyObject *t = PyTuple_GET_ITEM(tables, i);
        if (!PyTuple_CheckExact(t) || PyTuple_GET_SIZE(t) != 4 || !PyUnicode_CheckExact(PyTuple_GET_ITEM(t, 0))
            || !PyUnicode_CheckExact(PyTuple_GET_ITEM(t, 1)) || !Py_IS_TYPE(PyTuple_GET_ITEM(t, 2), &WordTableType)) {
            PyErr_SetString(PyExc_TypeError, "Screen: a table is (conjunctions, prepositions, WordTable, digit_bits)");
            goto fail;
        }
        screen_table *st = &s->tables[s->ntables];
        if (as_flags(PyTuple_GET_ITEM(t, 3), &st->digit_bits) < 0)
            goto fail;
        st->conj = Py_NewRef(PyTuple_GET_ITEM(t, 0));
        st->prep = Py_NewRef(PyTuple_GET_ITEM(t, 1));
        st->forms = (WordTable *)Py_NewRef(PyTuple_GET_ITEM(t, 2));
        s->ntables++;
        if (wt_ready(st->forms) < 0)
            goto fail;
        for (Py_ssize_t j = 0; j <= st->forms->mask; j++) {
            unsigned long long unused;
            if (st->forms->slots[j].key && as_flags(st->forms->slots[j].value, &unused) < 0)
                goto fail;
        }
    }
    for (Py_ssize_t i = 0; i < nm; i++) {
        PyObject *m = PyTuple_GET_ITEM(masks, i);
        if (!PyTuple_CheckExact(m) || PyTuple_GET_SIZE(m) != 2) {
            PyErr_SetString(PyExc_TypeError, "Screen: start_or_weak holds (start, weak) pairs");
            goto fail;
        }
        if (as_flags(PyTuple_GET_ITEM(m, 0), &s->masks[i][0]) < 0 || as_flags(PyTuple_GET_ITEM(m, 1), &s->masks[i][1]) < 0)
            goto fail;
        s->nmasks++;
    }
    return (PyObject *)s;

fail:
    Py_DECREF(s);
    return NULL;
}

static inline int
wt_has(WordTable *t, int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    return wt_find(t, wt_hash(kind, data, a, b), kind, data, a, b - a)->key != NULL;
}

static inline int
has_char(PyObject *chars, Py_UCS4 ch)
{
    return PyUnicode_FindChar(chars, ch, 0, PyUnicode_GET_LENGTH(chars), 1) >= 0;
}

/* Whether a surface stands in data[a:b] between an allowed prefix and suffix. */
static int
screen_has_surface(Screen *s, int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t n = b - a;
    for (Py_ssize_t sl = 0; sl <= s->max_suffix && sl < n; sl++) {
        if (sl && !wt_has(s->suffixes, kind, data, b - sl, b))
            continue;
        for (Py_ssize_t k = 0; k <= s->max_prefix && k < n - sl; k++) {
            if (k && !wt_has(s->prefixes, kind, data, a, a + k))
                continue;
            if (wt_has(s->surfaces, kind, data, a + k, b - sl))
                return 1;
        }
    }
    return 0;
}

/* The gate flags of data[a:b] (WordIndex._gate_bits). */
static unsigned long long
screen_bits(Screen *s, int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    unsigned long long bits = 0;
    Py_ssize_t n = b - a;
    Py_UCS4 c0 = PyUnicode_READ(kind, data, a);
    for (Py_ssize_t t = 0; t < s->ntables; t++) {
        screen_table *st = &s->tables[t];
        Py_ssize_t ends[3] = {0, 0, 0}, nends = 1;
        if (has_char(st->conj, c0)) {
            ends[nends++] = 1;
            if (n > 1 && has_char(st->prep, PyUnicode_READ(kind, data, a + 1)))
                ends[nends++] = 2;
        }
        else if (has_char(st->prep, c0))
            ends[nends++] = 1;
        for (Py_ssize_t i = 0; i < nends; i++) {
            Py_ssize_t r = a + ends[i];
            wt_entry *e = wt_find(st->forms, wt_hash(kind, data, r, b), kind, data, r, b - r);
            if (e->key)
                bits |= PyLong_AsUnsignedLongLong(e->value); /* checked when the screen was made; an
                                                                error (a table changed since) is seen
                                                                by screen_word */
            if (st->digit_bits && r < b) {
                Py_UCS4 d0 = PyUnicode_READ(kind, data, r);
                if (Py_UNICODE_ISDECIMAL(d0)
                    || (r + 2 < b && d0 == 0x627 && PyUnicode_READ(kind, data, r + 1) == 0x644
                        && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, r + 2))))
                    bits |= st->digit_bits;
            }
        }
    }
    for (Py_ssize_t m = 0; m < s->nmasks; m++)
        if (bits & s->masks[m][0])
            bits &= ~s->masks[m][1];
    return bits;
}

/* The analysis of data[a:b] when it holds no surface (a new reference: None or the
   shared (bits, (), ())); NULL without an exception when it holds one; NULL with one
   on failure. */
static PyObject *
screen_word(Screen *s, int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    if (screen_has_surface(s, kind, data, a, b))
        return NULL;
    unsigned long long bits = screen_bits(s, kind, data, a, b);
    if (PyErr_Occurred())
        return NULL;
    if (!bits)
        Py_RETURN_NONE;
    PyObject *key = PyLong_FromUnsignedLongLong(bits);
    if (!key)
        return NULL;
    PyObject *v = PyDict_GetItemWithError(s->values, key);
    if (v) {
        Py_DECREF(key);
        return Py_NewRef(v);
    }
    if (PyErr_Occurred() || !(v = Py_BuildValue("(O()())", key)) || PyDict_SetItem(s->values, key, v) < 0) {
        Py_DECREF(key);
        Py_XDECREF(v);
        return NULL;
    }
    Py_DECREF(key);
    return v;
}

static PyObject *
screen_analyse(Screen *s, PyObject *word)
{
    if (!PyUnicode_CheckExact(word) || PyUnicode_GET_LENGTH(word) == 0) {
        PyErr_SetString(PyExc_TypeError, "analyse: a word is a non-empty str");
        return NULL;
    }
    PyObject *v = screen_word(s, PyUnicode_KIND(word), PyUnicode_DATA(word), 0, PyUnicode_GET_LENGTH(word));
    if (v || PyErr_Occurred())
        return v ? Py_BuildValue("(ON)", Py_True, v) : NULL;
    return Py_BuildValue("(OO)", Py_False, Py_None);
}

static PyObject *
screen_reduce(Screen *s, PyObject *unused)
{
    return Py_BuildValue("(OO)", Py_TYPE(s), s->args);
}

static PyMethodDef screen_methods[] = {
    {"analyse", (PyCFunction)screen_analyse, METH_O,
     "analyse(word) -> (True, analysis) when no surface stands in word, else (False, None)"},
    {"__reduce__", (PyCFunction)screen_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScreenType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "marsad.recognize._wordscan.Screen",
    .tp_basicsize = sizeof(Screen),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Screen(surfaces, prefixes, suffixes, max_prefix, tables, start_or_weak, limit): "
              "the new words split settles in C",
    .tp_new = screen_new,
    .tp_dealloc = (destructor)screen_dealloc,
    .tp_methods = screen_methods,
};

/* split(text, cache, miss, screen=None) -> (words, starts, ends, info, misses)

   words: the words of text; starts/ends: their offsets. With cache a dict or a
   WordTable: info[i] is cache.get(words[i], miss) and misses the indexes i where it is
   miss (with a WordTable, a word it holds is returned as its key object); with cache
   None, info and misses are None. With a Screen (and a WordTable cache), a new word the
   screen settles is remembered in the cache at once, with its analysis in info; only
   the others are misses. */
static PyObject *
wordscan_split(PyObject *self, PyObject *args)
{
    PyObject *text, *cache, *miss, *screen_obj = Py_None;
    if (!PyArg_ParseTuple(args, "UOO|O:split", &text, &cache, &miss, &screen_obj))
        return NULL;
    WordTable *table = NULL;
    if (Py_IS_TYPE(cache, &WordTableType)) {
        table = (WordTable *)cache;
        if (wt_ready(table) < 0)
            return NULL;
    }
    else if (cache != Py_None && !PyDict_CheckExact(cache)) {
        PyErr_SetString(PyExc_TypeError, "split: cache must be a dict, a WordTable or None");
        return NULL;
    }
    Screen *screen = NULL;
    if (screen_obj != Py_None) {
        if (!Py_IS_TYPE(screen_obj, &ScreenType) || !table) {
            PyErr_SetString(PyExc_TypeError, "split: screen must be a Screen (or None), with a WordTable cache");
            return NULL;
        }
        screen = (Screen *)screen_obj;
    }
    int use_cache = cache != Py_None;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);

    PyObject *words = PyList_New(0), *starts = PyList_New(0), *ends = PyList_New(0);
    PyObject *info = use_cache ? PyList_New(0) : Py_NewRef(Py_None);
    PyObject *misses = use_cache ? PyList_New(0) : Py_NewRef(Py_None);
    if (!words || !starts || !ends || !info || !misses)
        goto fail;

    Py_ssize_t i = 0;
    while (i < n) {
        if (!is_alnum(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t a = i;
        while (i < n && is_alnum(PyUnicode_READ(kind, data, i)))
            i++;
        PyObject *word = NULL, *x = NULL;
        if (table) {
            wt_entry *e = wt_find(table, wt_hash(kind, data, a, i), kind, data, a, i - a);
            if (e->key != NULL) {
                word = Py_NewRef(e->key);
                x = e->value;
            }
        }
        if (!word) {
            word = PyUnicode_Substring(text, a, i);
            if (!word)
                goto fail;
            if (screen) {
                /* a new word: settled here unless a surface stands in it */
                PyObject *v = screen_word(screen, kind, data, a, i);
                if (!v && PyErr_Occurred()) {
                    Py_DECREF(word);
                    goto fail;
                }
                if (v) {
                    if (table->used >= screen->limit)
                        wt_empty(table, WT_MIN_SLOTS);
                    int bad = wt_ready(table) < 0 || wt_set(table, word, v) < 0;
                    Py_DECREF(v); /* the table holds it */
                    if (bad) {
                        Py_DECREF(word);
                        goto fail;
                    }
                    x = v;
                }
            }
        }
        int err = PyList_Append(words, word);
        if (!err) {
            PyObject *o = offset_obj(a);
            err = !o || PyList_Append(starts, o);
            Py_XDECREF(o);
        }
        if (!err) {
            PyObject *o = offset_obj(i);
            err = !o || PyList_Append(ends, o);
            Py_XDECREF(o);
        }
        if (!err && use_cache) {
            if (!table)
                x = PyDict_GetItemWithError(cache, word); /* borrowed */
            if (x == NULL) {
                if (PyErr_Occurred())
                    err = 1;
                else {
                    x = miss;
                    PyObject *o = PyLong_FromSsize_t(PyList_GET_SIZE(words) - 1);
                    err = !o || PyList_Append(misses, o);
                    Py_XDECREF(o);
                }
            }
            if (!err)
                err = PyList_Append(info, x);
        }
        Py_DECREF(word);
        if (err)
            goto fail;
    }
    return Py_BuildValue("(NNNNN)", words, starts, ends, info, misses);

fail:
    Py_XDECREF(words);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(info);
    Py_XDECREF(misses);
    return NULL;
}

/* A match_type instance (a tuple subclass of 7 fields) holding
   (ws + k, ws + k + length, key, payloads, prefix, suffix, ws). */
static PyObject *
make_match(PyTypeObject *match_type, Py_ssize_t ws, PyObject *ws_obj, PyObject *single)
{
    /* single: (j, k, length, key, payloads, prefix, suffix) */
    Py_ssize_t k = PyLong_AsSsize_t(PyTuple_GET_ITEM(single, 1));
    if (k == -1 && PyErr_Occurred())
        return NULL;
    Py_ssize_t length = PyLong_AsSsize_t(PyTuple_GET_ITEM(single, 2));
    if (length == -1 && PyErr_Occurred())
        return NULL;
    PyObject *nstart = PyLong_FromSsize_t(ws + k);
    PyObject *nend = nstart ? PyLong_FromSsize_t(ws + k + length) : NULL;
    if (!nend) {
        Py_XDECREF(nstart);
        return NULL;
    }
    /* what tuple.__new__(match_type, fields) does, without the intermediate tuple */
    PyObject *m = match_type->tp_alloc(match_type, 7);
    if (!m) {
        Py_DECREF(nstart);
        Py_DECREF(nend);
        return NULL;
    }
    PyTuple_SET_ITEM(m, 0, nstart);
    PyTuple_SET_ITEM(m, 1, nend);
    for (Py_ssize_t f = 3; f < 7; f++)
        PyTuple_SET_ITEM(m, f - 1, Py_NewRef(PyTuple_GET_ITEM(single, f)));
    PyTuple_SET_ITEM(m, 6, Py_NewRef(ws_obj));
    return m;
}

/* Whether readings r (a 4-field tuple: singles, multis, seconds, cut) may go on with the
   next word nxt, as matcher._goes_on says: cut (field 3) is negative, nxt is in
   seconds (field 2), or nxt without its last c letters is, for c in 1 ..
   min(cut, len(nxt) - 1). 1, 0, or -1 with an exception set. */
static int
goes_on(PyObject *r, PyObject *nxt)
{
    Py_ssize_t cut = PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 3));
    if (cut == -1 && PyErr_Occurred())
        return -1;
    if (cut < 0)
        return 1;
    if (!PyUnicode_Check(nxt)) {
        PyErr_SetString(PyExc_TypeError, "collect: words must be str");
        return -1;
    }
    PyObject *seconds = PyTuple_GET_ITEM(r, 2);
    int go = PySequence_Contains(seconds, nxt);
    Py_ssize_t n = PyUnicode_GET_LENGTH(nxt);
    for (Py_ssize_t c = 1; go == 0 && c <= cut && c <= n - 1; c++) {
        PyObject *head = PyUnicode_Substring(nxt, 0, n - c);
        if (!head)
            return -1;
        go = PySequence_Contains(seconds, head);
        Py_DECREF(head);
    }
    return go;
}

/* Append (i, j, r) to pending for each (j, r) of multis whose matcher is wanted
   (found[j] a list) and whose readings r may go on with the next word (goes_on). */
static int
add_pending(PyObject *pending, PyObject *io, PyObject *multis, PyObject *found, Py_ssize_t nfound,
            PyObject *nxt)
{
    for (Py_ssize_t s = 0; s < PyTuple_GET_SIZE(multis); s++) {
        PyObject *jr = PyTuple_GET_ITEM(multis, s);
        if (!PyTuple_CheckExact(jr) || PyTuple_GET_SIZE(jr) != 2) {
            PyErr_SetString(PyExc_TypeError, "collect: a multi is not a (matcher, readings) pair");
            return -1;
        }
        PyObject *jo = PyTuple_GET_ITEM(jr, 0), *r = PyTuple_GET_ITEM(jr, 1);
        Py_ssize_t j = PyLong_AsSsize_t(jo);
        if (j < 0 || j >= nfound) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_IndexError, "collect: matcher index out of range");
            return -1;
        }
        if (PyList_GET_ITEM(found, j) == Py_None)
            continue;
        if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 4) {
            PyErr_SetString(PyExc_TypeError, "collect: readings are not a 4-field tuple");
            return -1;
        }
        int go = goes_on(r, nxt);
        if (go < 0)
            return -1;
        if (!go)
            continue;
        PyObject *t = PyTuple_Pack(3, io, jo, r);
        if (!t || PyList_Append(pending, t)) {
            Py_XDECREF(t);
            return -1;
        }
        Py_DECREF(t);
    }
    return 0;
}

/* The gate flags (bits 3g..3g+2: START 1, WEAK 2, FOLLOW 4 of gate g) of info x (a
   (bits, singles, multis) tuple, or None: 0). Returns -1 with an exception set on error. */
static long long
info_bits(PyObject *x)
{
    if (x == Py_None)
        return 0;
    long long bits = PyLong_AsLongLong(PyTuple_GET_ITEM(x, 0));
    if (bits == -1 && PyErr_Occurred())
        return -1;
    if (bits < 0 || bits >= (1LL << 60)) {
        PyErr_SetString(PyExc_ValueError, "collect: gate bits out of range");
        return -1;
    }
    return bits;
}

/* collect(info, starts, words, found, match_type, ngates) -> (candidates, pending)

   For each word i whose info is not None (info[i] = (bits, singles, multis)):
   candidates[g] (one list per gate g < ngates) gets i when the word may begin a match
   of gate g: its START flag is set, or its WEAK flag and the next word's FOLLOW flag;
   when found is a list (one list or None per matcher), found[j] gets a match_type for
   each single (j, ...) of a matcher not None, and pending gets (i, j, r) for each multi
   (j, r) of a matcher not None whose readings may go on with the next word (see
   add_pending; "" after the last word). */
static PyObject *
wordscan_collect(PyObject *self, PyObject *args)
{
    PyObject *info, *starts, *words, *found, *match_type_obj;
    Py_ssize_t ngates;
    if (!PyArg_ParseTuple(args, "O!O!O!OO!n:collect", &PyList_Type, &info, &PyList_Type, &starts,
                          &PyList_Type, &words, &found, &PyType_Type, &match_type_obj, &ngates))
        return NULL;
    PyTypeObject *match_type = (PyTypeObject *)match_type_obj;
    if (!PyType_IsSubtype(match_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "collect: match_type must be a tuple subclass");
        return NULL;
    }
    if (found != Py_None && !PyList_Check(found)) {
        PyErr_SetString(PyExc_TypeError, "collect: found must be a list or None");
        return NULL;
    }
    if (ngates < 0 || ngates > 20) {
        PyErr_SetString(PyExc_ValueError, "collect: between 0 and 20 gates (3 bits each)");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(info);
    if (PyList_GET_SIZE(starts) != n || PyList_GET_SIZE(words) != n) {
        PyErr_SetString(PyExc_ValueError, "collect: info, starts and words differ in length");
        return NULL;
    }
    PyObject *empty = PyUnicode_FromStringAndSize(NULL, 0);
    PyObject *cands = PyList_New(ngates), *pending = PyList_New(0);
    if (!empty || !cands || !pending)
        goto fail;
    for (Py_ssize_t g = 0; g < ngates; g++) {
        PyObject *l = PyList_New(0);
        if (!l)
            goto fail;
        PyList_SET_ITEM(cands, g, l);
    }
    Py_ssize_t nfound = found == Py_None ? 0 : PyList_GET_SIZE(found);

    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *x = PyList_GET_ITEM(info, i);
        if (x == Py_None)
            continue;
        if (!PyTuple_CheckExact(x) || PyTuple_GET_SIZE(x) != 3) {
            PyErr_Format(PyExc_TypeError, "collect: info[%zd] is not a (bits, singles, multis) tuple", i);
            goto fail;
        }
        PyObject *singles = PyTuple_GET_ITEM(x, 1);
        PyObject *multis = PyTuple_GET_ITEM(x, 2);
        long long bits = info_bits(x);
        if (bits < 0)
            goto fail;
        PyObject *io = PyLong_FromSsize_t(i);
        if (!io)
            goto fail;
        if (bits) {
            long long next = 0;
            for (Py_ssize_t g = 0; g < ngates; g++) {
                long long f = (bits >> (3 * g)) & 7;
                int take = (f & 1) != 0;
                if (!take && (f & 2) && i + 1 < n) {
                    if (!next) {
                        PyObject *y = PyList_GET_ITEM(info, i + 1);
                        if (y != Py_None && (!PyTuple_CheckExact(y) || PyTuple_GET_SIZE(y) != 3)) {
                            PyErr_Format(PyExc_TypeError, "collect: info[%zd] is not a (bits, singles, multis) tuple",
                                         i + 1);
                            Py_DECREF(io);
                            goto fail;
                        }
                        next = info_bits(y);
                        if (next < 0) {
                            Py_DECREF(io);
                            goto fail;
                        }
                        next |= 1LL << 62;  /* read */
                    }
                    take = ((next >> (3 * g)) & 4) != 0;
                }
                if (take && PyList_Append(PyList_GET_ITEM(cands, g), io)) {
                    Py_DECREF(io);
                    goto fail;
                }
            }
        }
        if (found == Py_None) {
            Py_DECREF(io);
            continue;
        }
        if (PyTuple_CheckExact(singles) && PyTuple_GET_SIZE(singles)) {
            PyObject *ws_obj = PyList_GET_ITEM(starts, i);
            Py_ssize_t ws = PyLong_AsSsize_t(ws_obj);
            if (ws == -1 && PyErr_Occurred()) {
                Py_DECREF(io);
                goto fail;
            }
            for (Py_ssize_t s = 0; s < PyTuple_GET_SIZE(singles); s++) {
                PyObject *single = PyTuple_GET_ITEM(singles, s);
                if (!PyTuple_CheckExact(single) || PyTuple_GET_SIZE(single) != 7) {
                    PyErr_SetString(PyExc_TypeError, "collect: a single is not a 7-tuple");
                    Py_DECREF(io);
                    goto fail;
                }
                Py_ssize_t j = PyLong_AsSsize_t(PyTuple_GET_ITEM(single, 0));
                if (j < 0 || j >= nfound) {
                    if (!PyErr_Occurred())
                        PyErr_SetString(PyExc_IndexError, "collect: matcher index out of range");
                    Py_DECREF(io);
                    goto fail;
                }
                PyObject *out = PyList_GET_ITEM(found, j);
                if (out == Py_None)
                    continue;
                if (!PyList_Check(out)) {
                    PyErr_SetString(PyExc_TypeError, "collect: found[j] must be a list or None");
                    Py_DECREF(io);
                    goto fail;
                }
                PyObject *m = make_match(match_type, ws, ws_obj, single);
                if (!m || PyList_Append(out, m)) {
                    Py_XDECREF(m);
                    Py_DECREF(io);
                    goto fail;
                }
                Py_DECREF(m);
            }
        }
        if (PyTuple_CheckExact(multis) && PyTuple_GET_SIZE(multis)) {
            PyObject *nxt = i + 1 < n ? PyList_GET_ITEM(words, i + 1) : empty;
            if (add_pending(pending, io, multis, found, nfound, nxt) < 0) {
                Py_DECREF(io);
                goto fail;
            }
        }
        Py_DECREF(io);
    }
    Py_DECREF(empty);
    return Py_BuildValue("(NN)", cands, pending);

fail:
    Py_XDECREF(empty);
    Py_XDECREF(cands);
    Py_XDECREF(pending);
    return NULL;
}

/* The start (item 0) and end (item 1) of each match of list m, into keys and ends.
   Returns 0, or -1 on an error. */
static int
match_bounds(PyObject *m, Py_ssize_t *keys, Py_ssize_t *ends)
{
    Py_ssize_t n = PyList_GET_SIZE(m);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyList_GET_ITEM(m, i);
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) < 2) {
            PyErr_SetString(PyExc_TypeError, "longest: a match is not a tuple of at least 2 items");
            return -1;
        }
        keys[i] = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
        if (keys[i] == -1 && PyErr_Occurred())
            return -1;
        ends[i] = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 1));
        if (ends[i] == -1 && PyErr_Occurred())
            return -1;
    }
    return 0;
}

/* Sort the matches of list m (tuples whose items 0 and 1 are ints) by item 0, stably,
   in place (insertion sort: the lists come nearly sorted, in word order), and their
   bounds in keys and ends alike. Returns 1 when no two matches overlap (each starts at
   or after the end of the one before), 0 when some do. */
static int
sort_matches(PyObject *m, Py_ssize_t *keys, Py_ssize_t *ends)
{
    Py_ssize_t n = PyList_GET_SIZE(m);
    PyObject **items = ((PyListObject *)m)->ob_item;
    for (Py_ssize_t i = 1; i < n; i++) {
        Py_ssize_t k = keys[i], e = ends[i];
        PyObject *t = items[i];
        Py_ssize_t j = i - 1;
        while (j >= 0 && keys[j] > k) {
            keys[j + 1] = keys[j];
            ends[j + 1] = ends[j];
            items[j + 1] = items[j];
            j--;
        }
        keys[j + 1] = k;
        ends[j + 1] = e;
        items[j + 1] = t;
    }
    for (Py_ssize_t i = 1; i < n; i++) {
        if (keys[i] < ends[i - 1])
            return 0;
    }
    return 1;
}

/* The matches kept of the sorted list m (_resolve_runs of matcher.py): each run of
   overlapping matches on its own; of a run of two, the longer, or the first on a tie;
   of a longer run, taken longest first, then leftmost, then in list order, each match
   none of whose characters is taken yet, in start order. scratch is space for 2n
   indexes. Returns a new list, or NULL on an error. */
static PyObject *
resolve_runs(PyObject *m, const Py_ssize_t *keys, const Py_ssize_t *ends, Py_ssize_t *scratch)
{
    Py_ssize_t *order = scratch, *by_length = scratch + PyList_GET_SIZE(m);
    Py_ssize_t n = PyList_GET_SIZE(m);
    PyObject *out = PyList_New(0);
    if (!out)
        return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        Py_ssize_t j = i + 1, end = ends[i];
        while (j < n && keys[j] < end) {
            if (ends[j] > end)
                end = ends[j];
            j++;
        }
        Py_ssize_t chosen = 0;
        if (j - i == 1) {
            order[chosen++] = i;
        }
        else if (j - i == 2) {
            order[chosen++] = ends[i] - keys[i] >= ends[i + 1] - keys[i + 1] ? i : i + 1;
        }
        else {
            /* the run's indexes, longest first, then leftmost, then in list order (a
               stable insertion sort) */
            for (Py_ssize_t a = i; a < j; a++) {
                Py_ssize_t b = a - i;
                while (b > 0) {
                    Py_ssize_t q = by_length[b - 1];
                    Py_ssize_t lq = ends[q] - keys[q], la = ends[a] - keys[a];
                    if (lq > la || (lq == la && keys[q] <= keys[a]))
                        break;
                    by_length[b] = q;
                    b--;
                }
                by_length[b] = a;
            }
            /* keep those that overlap none kept before them, in order */
            for (Py_ssize_t a = 0; a < j - i; a++) {
                Py_ssize_t k = by_length[a];
                int apart = 1;
                for (Py_ssize_t c = 0; c < chosen && apart; c++) {
                    Py_ssize_t q = order[c];
                    apart = ends[k] <= keys[q] || ends[q] <= keys[k];
                }
                if (apart) {
                    /* in start order (stably): after those that start at or before it */
                    Py_ssize_t c = chosen++;
                    while (c > 0 && keys[order[c - 1]] > keys[k]) {
                        order[c] = order[c - 1];
                        c--;
                    }
                    order[c] = k;
                }
            }
        }
        for (Py_ssize_t c = 0; c < chosen; c++) {
            if (PyList_Append(out, PyList_GET_ITEM(m, order[c])) < 0) {
                Py_DECREF(out);
                return NULL;
            }
        }
        i = j;
    }
    return out;
}

/* longest(lists) -> list

   For each list of matches (or None) in lists: sorted in place by start (stably); kept
   as it is when no two matches overlap, else replaced by the matches kept of each run
   of overlapping ones (resolve_runs). */
static PyObject *
wordscan_longest(PyObject *self, PyObject *args)
{
    PyObject *lists;
    if (!PyArg_ParseTuple(args, "O!:longest", &PyList_Type, &lists))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lists);
    PyObject *out = PyList_New(n);
    if (!out)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *m = PyList_GET_ITEM(lists, i);
        PyObject *r;
        if (m == Py_None || (PyList_Check(m) && PyList_GET_SIZE(m) < 2)) {
            r = Py_NewRef(m);
        }
        else if (!PyList_Check(m)) {
            PyErr_SetString(PyExc_TypeError, "longest: lists must hold lists or None");
            Py_DECREF(out);
            return NULL;
        }
        else {
            Py_ssize_t k = PyList_GET_SIZE(m);
            Py_ssize_t *buf = PyMem_New(Py_ssize_t, 4 * k);
            if (!buf) {
                PyErr_NoMemory();
                Py_DECREF(out);
                return NULL;
            }
            r = NULL;
            if (match_bounds(m, buf, buf + k) == 0)
                r = sort_matches(m, buf, buf + k) ? Py_NewRef(m) : resolve_runs(m, buf, buf + k, buf + 2 * k);
            PyMem_Free(buf);
            if (!r) {
                Py_DECREF(out);
                return NULL;
            }
        }
        PyList_SET_ITEM(out, i, r);
    }
    return out;
}

/* ---- before / after: the words next to a position (Words.before and Words.after) ---- */

/* Interned attribute names of a Words object, made at import. Read-only afterwards. */
static PyObject *str_text, *str_words, *str_starts, *str_ends;

/* Whether text[a:b] holds a character of the set stops: 1, 0, or -1 on an error
   (a and b read as in a Python slice: a negative one counts from the end). */
static int
gap_has_stop(PyObject *text, Py_ssize_t a, Py_ssize_t b, PyObject *stops)
{
    PySlice_AdjustIndices(PyUnicode_GET_LENGTH(text), &a, &b, 1);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = a; i < b; i++) {
        PyObject *ch = PyUnicode_FromOrdinal(PyUnicode_READ(kind, data, i));
        if (!ch)
            return -1;
        int r = PySet_Contains(stops, ch);
        Py_DECREF(ch);
        if (r)
            return r;
    }
    return 0;
}

/* The index of the first item of the sorted list of ints `xs` that is > x (right) or
   >= x (left): what bisect_right and bisect_left return. -1 on an error. */
static Py_ssize_t
bisect_ints(PyObject *xs, Py_ssize_t x, int right)
{
    Py_ssize_t lo = 0, hi = PyList_GET_SIZE(xs);
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        Py_ssize_t v = PyLong_AsSsize_t(PyList_GET_ITEM(xs, mid));
        if (v == -1 && PyErr_Occurred())
            return -1;
        if (right ? x < v : x <= v)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* The text, words, starts and ends of a Words object (new references), checked. */
static int
words_parts(PyObject *w, PyObject **text, PyObject **words, PyObject **starts, PyObject **ends)
{
    *text = PyObject_GetAttr(w, str_text);
    *words = *text ? PyObject_GetAttr(w, str_words) : NULL;
    *starts = *words ? PyObject_GetAttr(w, str_starts) : NULL;
    *ends = *starts ? PyObject_GetAttr(w, str_ends) : NULL;
    if (!*ends)
        goto fail;
    if (!PyUnicode_Check(*text) || !PyList_Check(*words) || !PyList_Check(*starts) || !PyList_Check(*ends)
        || PyList_GET_SIZE(*starts) != PyList_GET_SIZE(*words)
        || PyList_GET_SIZE(*ends) != PyList_GET_SIZE(*words)) {
        PyErr_SetString(PyExc_TypeError, "words: text must be a str, and words, starts and ends lists of one length");
        goto fail;
    }
    return 0;
fail:
    Py_CLEAR(*text);
    Py_CLEAR(*words);
    Py_CLEAR(*starts);
    Py_CLEAR(*ends);
    return -1;
}

/* ---- rests: the multi-word matches of the pending words (after collect) ------------ */

static PyObject *str_k, *str_prefix, *str_rests;

/* Append to out the matches of the pairs (rest, keys) of tuple cands (see
   collect_rest). -1 on an error. */
static int
rest_matches(PyObject *cands, PyObject *text, Py_ssize_t we, Py_ssize_t s, PyObject *ws_obj, PyObject *prefix,
             PyObject *suffixes, PyObject *payloads, PyObject *out, PyTypeObject *match_type, PyObject *empty)
{
    if (!PyTuple_CheckExact(cands)) {
        PyErr_SetString(PyExc_TypeError, "rests: a reading's rests map words to tuples of (rest, keys)");
        return -1;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t c = 0; c < PyTuple_GET_SIZE(cands); c++) {
        PyObject *pair = PyTuple_GET_ITEM(cands, c);
        if (!PyTuple_CheckExact(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(pair, 0))
            || !PyTuple_CheckExact(PyTuple_GET_ITEM(pair, 1))) {
            PyErr_SetString(PyExc_TypeError, "rests: a candidate is not a (rest, keys) pair");
            return -1;
        }
        PyObject *rest = PyTuple_GET_ITEM(pair, 0), *keys = PyTuple_GET_ITEM(pair, 1);
        Py_ssize_t hit = PyUnicode_Tailmatch(text, rest, we, PY_SSIZE_T_MAX, -1);  /* text.startswith(rest, we) */
        if (hit < 0)
            return -1;
        if (!hit)
            continue;
        Py_ssize_t e = we + PyUnicode_GET_LENGTH(rest);
        PyObject *suffix = Py_NewRef(empty);
        if (e < len && is_alnum(PyUnicode_READ(kind, data, e))) {
            Py_ssize_t t = e;
            while (t < len && is_alnum(PyUnicode_READ(kind, data, t)))
                t++;
            Py_SETREF(suffix, PyUnicode_Substring(text, e, t));
            int ok = suffix ? PySequence_Contains(suffixes, suffix) : -1;
            if (ok <= 0) {
                Py_XDECREF(suffix);
                if (ok < 0)
                    return -1;
                continue;
            }
        }
        for (Py_ssize_t q = 0; q < PyTuple_GET_SIZE(keys); q++) {
            PyObject *key = PyTuple_GET_ITEM(keys, q);
            PyObject *payload = PyObject_GetItem(payloads, key);
            PyObject *nstart = payload ? PyLong_FromSsize_t(s) : NULL;
            PyObject *nend = nstart ? PyLong_FromSsize_t(e) : NULL;
            PyObject *m = nend ? match_type->tp_alloc(match_type, 7) : NULL;
            if (!m) {
                Py_XDECREF(payload);
                Py_XDECREF(nstart);
                Py_XDECREF(nend);
                Py_DECREF(suffix);
                return -1;
            }
            PyTuple_SET_ITEM(m, 0, nstart);
            PyTuple_SET_ITEM(m, 1, nend);
            PyTuple_SET_ITEM(m, 2, Py_NewRef(key));
            PyTuple_SET_ITEM(m, 3, payload);
            PyTuple_SET_ITEM(m, 4, Py_NewRef(prefix));
            PyTuple_SET_ITEM(m, 5, Py_NewRef(suffix));
            PyTuple_SET_ITEM(m, 6, Py_NewRef(ws_obj));
            int err = PyList_Append(out, m);
            Py_DECREF(m);
            if (err) {
                Py_DECREF(suffix);
                return -1;
            }
        }
        Py_DECREF(suffix);
    }
    return 0;
}

/* The candidates of rests (a dict) under key, passed to rest_matches (none: 0). */
static int
rest_lookup(PyObject *rests, PyObject *key, PyObject *text, Py_ssize_t we, Py_ssize_t s, PyObject *ws_obj,
            PyObject *prefix, PyObject *suffixes, PyObject *payloads, PyObject *out, PyTypeObject *match_type,
            PyObject *empty)
{
    PyObject *cands = PyDict_GetItemWithError(rests, key);  /* borrowed */
    if (!cands)
        return PyErr_Occurred() ? -1 : 0;
    Py_INCREF(cands);
    int r = rest_matches(cands, text, we, s, ws_obj, prefix, suffixes, payloads, out, match_type, empty);
    Py_DECREF(cands);
    return r;
}

/* What Matcher._collect_rest does for word i and one reading (k, prefix, rests). */
static int
collect_rest(PyObject *reading, Py_ssize_t i, PyObject *text, PyObject *words, PyObject *starts, PyObject *ends,
             PyObject *suffixes, Py_ssize_t max_suffix, PyObject *payloads, PyObject *out,
             PyTypeObject *match_type, PyObject *empty)
{
    PyObject *ko = PyObject_GetAttr(reading, str_k);
    PyObject *prefix = ko ? PyObject_GetAttr(reading, str_prefix) : NULL;
    PyObject *rests = prefix ? PyObject_GetAttr(reading, str_rests) : NULL;
    int r = -1;
    if (!rests)
        goto done;
    Py_ssize_t k = PyLong_AsSsize_t(ko);
    if (k == -1 && PyErr_Occurred())
        goto done;
    if (!PyDict_Check(rests) || !PyUnicode_Check(prefix)) {
        PyErr_SetString(PyExc_TypeError, "rests: a reading's prefix is a str and its rests a dict");
        goto done;
    }
    Py_ssize_t n = PyList_GET_SIZE(words);
    PyObject *nxt = i + 1 < n ? PyList_GET_ITEM(words, i + 1) : empty;
    if (!PyUnicode_Check(nxt)) {
        PyErr_SetString(PyExc_TypeError, "rests: words must be str");
        goto done;
    }
    PyObject *ws_obj = PyList_GET_ITEM(starts, i);
    Py_ssize_t ws = PyLong_AsSsize_t(ws_obj), we = PyLong_AsSsize_t(PyList_GET_ITEM(ends, i));
    if ((ws == -1 || we == -1) && PyErr_Occurred())
        goto done;
    Py_ssize_t s = ws + k;
    /* the next word as it is, then without its last 1, 2 ... letters (the entry may
       end with a suffix there), then "" (an entry that goes on without a word) */
    if (rest_lookup(rests, nxt, text, we, s, ws_obj, prefix, suffixes, payloads, out, match_type, empty) < 0)
        goto done;
    Py_ssize_t len = PyUnicode_GET_LENGTH(nxt);
    int has_suffixes = PyObject_IsTrue(suffixes);
    if (has_suffixes < 0)
        goto done;
    if (has_suffixes && len) {
        for (Py_ssize_t cut = 1; cut <= max_suffix && cut <= len - 1; cut++) {
            PyObject *head = PyUnicode_Substring(nxt, 0, len - cut);
            int bad = !head || rest_lookup(rests, head, text, we, s, ws_obj, prefix, suffixes, payloads, out,
                                           match_type, empty) < 0;
            Py_XDECREF(head);
            if (bad)
                goto done;
        }
    }
    if (rest_lookup(rests, empty, text, we, s, ws_obj, prefix, suffixes, payloads, out, match_type, empty) < 0)
        goto done;
    r = 0;
done:
    Py_XDECREF(ko);
    Py_XDECREF(prefix);
    Py_XDECREF(rests);
    return r;
}

/* rests(pending, words, matchers, found, match_type)

   For each (i, j, readings) of pending (what collect returns), what _rests_py does:
   found[j] gets the multi-word matches word i of words (a Words object) begins, for
   each reading of readings.multis, as Matcher._collect_rest makes them; matchers[j] is
   (suffixes, max_suffix, payloads) of matcher j. */
static PyObject *
wordscan_rests(PyObject *self, PyObject *args)
{
    PyObject *pending, *wobj, *matchers, *found, *match_type_obj;
    if (!PyArg_ParseTuple(args, "O!OO!O!O!:rests", &PyList_Type, &pending, &wobj, &PyTuple_Type, &matchers,
                          &PyList_Type, &found, &PyType_Type, &match_type_obj))
        return NULL;
    PyTypeObject *match_type = (PyTypeObject *)match_type_obj;
    if (!PyType_IsSubtype(match_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "rests: match_type must be a tuple subclass");
        return NULL;
    }
    PyObject *text, *words, *starts, *ends;
    if (words_parts(wobj, &text, &words, &starts, &ends) < 0)
        return NULL;
    PyObject *empty = PyUnicode_FromStringAndSize(NULL, 0);
    PyObject *result = NULL;
    if (!empty)
        goto done;
    Py_ssize_t n = PyList_GET_SIZE(words), nm = PyTuple_GET_SIZE(matchers);
    for (Py_ssize_t p = 0; p < PyList_GET_SIZE(pending); p++) {
        PyObject *item = PyList_GET_ITEM(pending, p);
        if (!PyTuple_CheckExact(item) || PyTuple_GET_SIZE(item) != 3) {
            PyErr_SetString(PyExc_TypeError, "rests: pending holds (i, j, readings) tuples");
            goto done;
        }
        Py_ssize_t i = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 0)), j = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 1));
        if ((i == -1 || j == -1) && PyErr_Occurred())
            goto done;
        PyObject *r = PyTuple_GET_ITEM(item, 2);
        if (i < 0 || i >= n || j < 0 || j >= nm || j >= PyList_GET_SIZE(found)) {
            PyErr_SetString(PyExc_IndexError, "rests: a word or matcher index out of range");
            goto done;
        }
        PyObject *m = PyTuple_GET_ITEM(matchers, j), *out = PyList_GET_ITEM(found, j);
        if (!PyTuple_CheckExact(m) || PyTuple_GET_SIZE(m) != 3 || !PyList_Check(out) || !PyTuple_Check(r)
            || PyTuple_GET_SIZE(r) != 4 || !PyTuple_CheckExact(PyTuple_GET_ITEM(r, 1))) {
            PyErr_SetString(PyExc_TypeError, "rests: matchers[j] is (suffixes, max_suffix, payloads), found[j] a "
                            "list and readings a 4-field tuple");
            goto done;
        }
        Py_ssize_t max_suffix = PyLong_AsSsize_t(PyTuple_GET_ITEM(m, 1));
        if (max_suffix == -1 && PyErr_Occurred())
            goto done;
        PyObject *multis = PyTuple_GET_ITEM(r, 1);
        for (Py_ssize_t q = 0; q < PyTuple_GET_SIZE(multis); q++) {
            if (collect_rest(PyTuple_GET_ITEM(multis, q), i, text, words, starts, ends, PyTuple_GET_ITEM(m, 0),
                             max_suffix, PyTuple_GET_ITEM(m, 2), out, match_type, empty) < 0)
                goto done;
        }
    }
    result = Py_NewRef(Py_None);
done:
    Py_XDECREF(empty);
    Py_DECREF(text);
    Py_DECREF(words);
    Py_DECREF(starts);
    Py_DECREF(ends);
    return result;
}

/* before(words, pos, n, stops) / after(words, pos, n, stops): see _before_py and
   _after_py in matcher.py. */
static PyObject *
next_words(PyObject *const *args, Py_ssize_t nargs, int forward)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, forward ? "after(words, pos, n, stops)" : "before(words, pos, n, stops)");
        return NULL;
    }
    Py_ssize_t pos = PyLong_AsSsize_t(args[1]);
    if (pos == -1 && PyErr_Occurred())
        return NULL;
    Py_ssize_t n = PyLong_AsSsize_t(args[2]);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    PyObject *stops = args[3];
    if (!PyAnySet_Check(stops)) {
        PyErr_SetString(PyExc_TypeError, "stops must be a set or frozenset");
        return NULL;
    }
    PyObject *text, *words, *starts, *ends;
    if (words_parts(args[0], &text, &words, &starts, &ends) < 0)
        return NULL;
    PyObject *out = PyList_New(0);
    if (!out)
        goto done;
    Py_ssize_t count = PyList_GET_SIZE(words);
    Py_ssize_t i = bisect_ints(forward ? starts : ends, pos, !forward);
    if (i < 0)
        goto fail;
    if (!forward)
        i -= 1;
    Py_ssize_t edge = pos;
    while (i >= 0 && i < count && PyList_GET_SIZE(out) < n) {
        PyObject *s_obj = PyList_GET_ITEM(starts, i), *e_obj = PyList_GET_ITEM(ends, i);
        Py_ssize_t s = PyLong_AsSsize_t(s_obj), e = PyLong_AsSsize_t(e_obj);
        if ((s == -1 || e == -1) && PyErr_Occurred())
            goto fail;
        /* the gap between this word and the edge reached so far */
        Py_ssize_t a = forward ? edge : e, b = forward ? s : edge;
        if (a != b) {
            int stop = gap_has_stop(text, a, b, stops);
            if (stop < 0)
                goto fail;
            if (stop)
                break;
        }
        edge = forward ? e : s;
        PyObject *item = PyTuple_Pack(3, PyList_GET_ITEM(words, i), s_obj, e_obj);
        if (!item || PyList_Append(out, item) < 0) {
            Py_XDECREF(item);
            goto fail;
        }
        Py_DECREF(item);
        i += forward ? 1 : -1;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    Py_DECREF(text);
    Py_DECREF(words);
    Py_DECREF(starts);
    Py_DECREF(ends);
    return out;
}

static PyObject *
wordscan_before(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    return next_words(args, nargs, 0);
}

static PyObject *
wordscan_after(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    return next_words(args, nargs, 1);
}

static PyMethodDef wordscan_methods[] = {
    {"split", wordscan_split, METH_VARARGS,
     "split(text, cache, miss, screen=None) -> (words, starts, ends, info, misses)"},
    {"collect", wordscan_collect, METH_VARARGS,
     "collect(info, starts, words, found, match_type, ngates) -> (candidates, pending)"},
    {"longest", wordscan_longest, METH_VARARGS, "longest(lists) -> list"},
    {"rests", wordscan_rests, METH_VARARGS, "rests(pending, words, matchers, found, match_type) -> None"},
    {"before", (PyCFunction)(void (*)(void))wordscan_before, METH_FASTCALL,
     "before(words, pos, n, stops) -> [(word, start, end), ...]"},
    {"after", (PyCFunction)(void (*)(void))wordscan_after, METH_FASTCALL,
     "after(words, pos, n, stops) -> [(word, start, end), ...]"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef wordscan_module = {
    PyModuleDef_HEAD_INIT, "_wordscan",
    "The hot loops of marsad.recognize.matcher in C (optional; see matcher.py).", -1,
    wordscan_methods,
};

PyMODINIT_FUNC
PyInit__wordscan(void)
{
    for (Py_UCS4 ch = 0; ch < LOW_CHARS; ch++)
        low_alnum[ch] = Py_UNICODE_ISALNUM(ch) ? 1 : 0;
    for (Py_ssize_t i = 0; i < N_OFFSETS; i++) {
        if (offsets[i] == NULL && (offsets[i] = PyLong_FromSsize_t(i)) == NULL)
            return NULL;
    }
    if (!(str_text = PyUnicode_InternFromString("text")) || !(str_words = PyUnicode_InternFromString("words"))
        || !(str_starts = PyUnicode_InternFromString("starts")) || !(str_ends = PyUnicode_InternFromString("ends"))
        || !(str_k = PyUnicode_InternFromString("k")) || !(str_prefix = PyUnicode_InternFromString("prefix"))
        || !(str_rests = PyUnicode_InternFromString("rests")))
        return NULL;
    if (PyType_Ready(&WordTableType) < 0 || PyType_Ready(&ScreenType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&wordscan_module);
    if (!m)
        return NULL;
    if (PyModule_AddObjectRef(m, "WordTable", (PyObject *)&WordTableType) < 0
        || PyModule_AddObjectRef(m, "Screen", (PyObject *)&ScreenType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
