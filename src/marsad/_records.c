/* The __init__ of marsad's core records (marsad.model.record), in C.

   init_of(cls, names, descriptors, defaults, post_init, python_init) returns the
   __init__ that record() installs on a frozen slotted dataclass when this module is
   built (pip install builds it; it is optional) and MARSAD_PURE_PYTHON is not set:
   it fills each field's slot through the slot's member descriptor, exactly as the
   Python __init__ that record() otherwise generates (python_init, kept as __wrapped__
   so that inspect.signature reads it), and then calls __post_init__ when the class
   has one. It takes the same arguments: positional, by keyword, with the defaults;
   and raises TypeError for a missing, unknown, repeated or extra argument.

   It is a method descriptor (called unbound, with the instance first, as a Python
   function would be), so building a record costs no Python frame.
   tests/test_model.py holds it to the Python __init__. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *names;       /* tuple of str: the fields, in order */
    PyObject *descrs;      /* tuple: each field's slot descriptor */
    PyObject *defaults;    /* tuple: each field's default, or the missing marker */
    PyObject *missing;     /* the marker of a field without a default */
    PyObject *post_init;   /* "__post_init__", or NULL */
    PyTypeObject *cls;     /* the record class */
    PyObject *post_func;   /* cls.__post_init__ (NULL: none) */
    PyObject *wrapped;     /* the Python __init__ (for inspect.signature) */
    PyObject *qualname;
} RecordInit;

#define MAX_FIELDS 64

static PyObject *
record_init_call(RecordInit *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    Py_ssize_t nfields = PyTuple_GET_SIZE(self->names);
    if (nargs < 1) {
        PyErr_Format(PyExc_TypeError, "%U needs the instance", self->qualname);
        return NULL;
    }
    PyObject *obj = args[0];
    Py_ssize_t npos = nargs - 1;
    if (npos > nfields) {
        PyErr_Format(PyExc_TypeError, "%U takes %zd positional arguments but %zd were given",
                     self->qualname, nfields + 1, nargs);
        return NULL;
    }
    PyObject *values[MAX_FIELDS];
    for (Py_ssize_t f = 0; f < nfields; f++)
        values[f] = f < npos ? args[1 + f] : NULL;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, k);
        Py_ssize_t f = 0;
        for (; f < nfields; f++) {
            if (PyTuple_GET_ITEM(self->names, f) == name)
                break;
        }
        if (f == nfields) {  /* not the interned name: compare the characters */
            for (f = 0; f < nfields; f++) {
                int eq = PyUnicode_Compare(PyTuple_GET_ITEM(self->names, f), name) == 0;
                if (eq)
                    break;
                if (PyErr_Occurred())
                    return NULL;
            }
        }
        if (f == nfields) {
            PyErr_Format(PyExc_TypeError, "%U got an unexpected keyword argument '%U'", self->qualname, name);
            return NULL;
        }
        if (values[f] != NULL) {
            PyErr_Format(PyExc_TypeError, "%U got multiple values for argument '%U'", self->qualname, name);
            return NULL;
        }
        values[f] = args[nargs + k];
    }
    for (Py_ssize_t f = 0; f < nfields; f++) {
        PyObject *v = values[f];
        if (v == NULL) {
            v = PyTuple_GET_ITEM(self->defaults, f);
            if (v == self->missing) {
                PyErr_Format(PyExc_TypeError, "%U missing required argument: '%U'", self->qualname,
                             PyTuple_GET_ITEM(self->names, f));
                return NULL;
            }
        }
        PyObject *d = PyTuple_GET_ITEM(self->descrs, f);
        if (Py_TYPE(d)->tp_descr_set(d, obj, v) < 0)
            return NULL;
    }
    if (self->post_init) {
        /* the class's own __post_init__, found once; a subclass's is looked up */
        PyObject *r = Py_TYPE(obj) == self->cls && self->post_func
                          ? PyObject_Vectorcall(self->post_func, &obj, 1, NULL)
                          : PyObject_CallMethodNoArgs(obj, self->post_init);
        if (!r)
            return NULL;
        Py_DECREF(r);
    }
    Py_RETURN_NONE;
}

static PyObject *
record_init_get(PyObject *self, PyObject *obj, PyObject *type)
{
    if (obj == NULL || obj == Py_None)
        return Py_NewRef(self);
    return PyMethod_New(self, obj);
}

static int
record_init_traverse(RecordInit *self, visitproc visit, void *arg)
{
    Py_VISIT(self->names);
    Py_VISIT(self->descrs);
    Py_VISIT(self->defaults);
    Py_VISIT(self->missing);
    Py_VISIT(self->post_init);
    Py_VISIT(self->cls);
    Py_VISIT(self->post_func);
    Py_VISIT(self->wrapped);
    Py_VISIT(self->qualname);
    return 0;
}

static int
record_init_clear(RecordInit *self)
{
    Py_CLEAR(self->names);
    Py_CLEAR(self->descrs);
    Py_CLEAR(self->defaults);
    Py_CLEAR(self->missing);
    Py_CLEAR(self->post_init);
    Py_CLEAR(self->cls);
    Py_CLEAR(self->post_func);
    Py_CLEAR(self->wrapped);
    Py_CLEAR(self->qualname);
    return 0;
}

static void
record_init_dealloc(RecordInit *self)
{
    PyObject_GC_UnTrack(self);
    record_init_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
record_init_repr(RecordInit *self)
{
    return PyUnicode_FromFormat("<record __init__ %U>", self->qualname);
}

static PyObject *
record_init_getwrapped(RecordInit *self, void *closure)
{
    return Py_NewRef(self->wrapped);
}

static PyObject *
record_init_getqualname(RecordInit *self, void *closure)
{
    return Py_NewRef(self->qualname);
}

static PyObject *
record_init_getdoc(RecordInit *self, void *closure)
{
    return PyObject_GetAttrString(self->wrapped, "__doc__");
}

static PyGetSetDef record_init_getset[] = {
    {"__wrapped__", (getter)record_init_getwrapped, NULL, "the Python __init__ this one does the work of", NULL},
    {"__qualname__", (getter)record_init_getqualname, NULL, NULL, NULL},
    {"__doc__", (getter)record_init_getdoc, NULL, NULL, NULL},
    {NULL},
};

static PyTypeObject RecordInitType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "marsad._records.RecordInit",
    .tp_basicsize = sizeof(RecordInit),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL |
                Py_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_vectorcall_offset = offsetof(RecordInit, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_descr_get = record_init_get,
    .tp_traverse = (traverseproc)record_init_traverse,
    .tp_clear = (inquiry)record_init_clear,
    .tp_dealloc = (destructor)record_init_dealloc,
    .tp_repr = (reprfunc)record_init_repr,
    .tp_getset = record_init_getset,
};

/* init_of(cls, names, descriptors, defaults, missing, post_init, python_init) */
static PyObject *
records_init_of(PyObject *module, PyObject *args)
{
    PyObject *cls, *names, *descrs, *defaults, *missing, *wrapped;
    int post_init;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OpO:init_of", &PyType_Type, &cls, &PyTuple_Type, &names, &PyTuple_Type,
                          &descrs, &PyTuple_Type, &defaults, &missing, &post_init, &wrapped))
        return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(names);
    if (n > MAX_FIELDS || PyTuple_GET_SIZE(descrs) != n || PyTuple_GET_SIZE(defaults) != n) {
        PyErr_Format(PyExc_ValueError, "init_of: names, descriptors and defaults must have one item per field "
                     "(at most %d)", MAX_FIELDS);
        return NULL;
    }
    for (Py_ssize_t f = 0; f < n; f++) {
        if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(names, f))) {
            PyErr_SetString(PyExc_TypeError, "init_of: field names are str");
            return NULL;
        }
        if (Py_TYPE(PyTuple_GET_ITEM(descrs, f))->tp_descr_set == NULL) {
            PyErr_SetString(PyExc_TypeError, "init_of: a descriptor cannot set its field");
            return NULL;
        }
    }
    PyObject *qualname = PyObject_GetAttrString(cls, "__qualname__");
    if (!qualname)
        return NULL;
    PyObject *full = PyUnicode_FromFormat("%U.__init__()", qualname);
    Py_DECREF(qualname);
    if (!full)
        return NULL;
    RecordInit *self = PyObject_GC_New(RecordInit, &RecordInitType);
    if (!self) {
        Py_DECREF(full);
        return NULL;
    }
    self->vectorcall = (vectorcallfunc)record_init_call;
    self->names = Py_NewRef(names);
    self->descrs = Py_NewRef(descrs);
    self->defaults = Py_NewRef(defaults);
    self->missing = Py_NewRef(missing);
    self->post_init = post_init ? PyUnicode_InternFromString("__post_init__") : NULL;
    self->cls = (PyTypeObject *)Py_NewRef(cls);
    self->post_func = NULL;
    self->wrapped = Py_NewRef(wrapped);
    self->qualname = full;
    if (post_init && (!self->post_init || !(self->post_func = PyObject_GetAttr(cls, self->post_init)))) {
        Py_DECREF(self);
        return NULL;
    }
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

/* ---- MentionMaker: the mentions of one document ------------------------------------

   MentionMaker(mention_type, span_type, norm, raw, sentence_starts)(kind, a, b, ref,
   candidates, value, evidence, confidence) does what marsad.model.PyMentionMaker does
   (tests/test_model.py holds them together): the Mention of the normalised interval
   [a, b) of norm, with its raw span (norm.to_raw(a, b)), its text (raw[span]) and its
   sentence (the index of the last of sentence_starts at or before a; 0 before the
   first). */

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *mention_type, *span_type, *starts, *ends, *raw, *sentence_starts;
    Py_ssize_t text_length, raw_length;
} MentionMaker;

static PyObject *
maker_item(PyObject *seq, Py_ssize_t i)
{
    return PyList_CheckExact(seq) ? Py_NewRef(PyList_GET_ITEM(seq, i)) : PySequence_GetItem(seq, i);
}

static PyObject *
maker_call(MentionMaker *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs != 8 || (kwnames && PyTuple_GET_SIZE(kwnames))) {
        PyErr_SetString(PyExc_TypeError,
                        "a mention maker takes (kind, a, b, ref, candidates, value, evidence, confidence)");
        return NULL;
    }
    Py_ssize_t a = PyLong_AsSsize_t(args[1]);
    if (a == -1 && PyErr_Occurred())
        return NULL;
    Py_ssize_t b = PyLong_AsSsize_t(args[2]);
    if (b == -1 && PyErr_Occurred())
        return NULL;
    if (!(0 <= a && a <= b && b <= self->text_length)) {
        PyErr_Format(PyExc_ValueError, "normalised interval [%zd, %zd) out of range", a, b);
        return NULL;
    }
    PyObject *start, *end;
    if (a == b) {  /* an empty interval: at the raw position of its character, or the end */
        start = a < PySequence_Size(self->starts) ? maker_item(self->starts, a) : PyLong_FromSsize_t(self->raw_length);
        end = Py_XNewRef(start);
    }
    else {
        start = maker_item(self->starts, a);
        end = start ? maker_item(self->ends, b - 1) : NULL;
    }
    if (!end) {
        Py_XDECREF(start);
        return NULL;
    }
    PyObject *span_args[2] = {start, end};
    PyObject *span = PyObject_Vectorcall(self->span_type, span_args, 2, NULL);
    Py_ssize_t s = span ? PyLong_AsSsize_t(start) : -1;
    Py_ssize_t e = span ? PyLong_AsSsize_t(end) : -1;
    Py_DECREF(start);
    Py_DECREF(end);
    if (!span || ((s == -1 || e == -1) && PyErr_Occurred())) {
        Py_XDECREF(span);
        return NULL;
    }
    PyObject *text = PyUnicode_Substring(self->raw, s, e);
    /* the sentence: bisect_right(sentence_starts, a) - 1, at least 0 */
    Py_ssize_t lo = 0, hi = PyList_GET_SIZE(self->sentence_starts);
    while (text && lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        Py_ssize_t v = PyLong_AsSsize_t(PyList_GET_ITEM(self->sentence_starts, mid));
        if (v == -1 && PyErr_Occurred()) {
            Py_CLEAR(text);
            break;
        }
        if (a < v)
            hi = mid;
        else
            lo = mid + 1;
    }
    PyObject *sentence = text ? PyLong_FromSsize_t(lo > 0 ? lo - 1 : 0) : NULL;
    if (!sentence) {
        Py_XDECREF(text);
        Py_DECREF(span);
        return NULL;
    }
    PyObject *fields[9] = {args[0], span, text, args[3], args[4], args[5], args[6], args[7], sentence};
    PyObject *out = PyObject_Vectorcall(self->mention_type, fields, 9, NULL);
    Py_DECREF(span);
    Py_DECREF(text);
    Py_DECREF(sentence);
    return out;
}

static int
maker_traverse(MentionMaker *self, visitproc visit, void *arg)
{
    Py_VISIT(self->mention_type);
    Py_VISIT(self->span_type);
    Py_VISIT(self->starts);
    Py_VISIT(self->ends);
    Py_VISIT(self->raw);
    Py_VISIT(self->sentence_starts);
    return 0;
}

static int
maker_clear(MentionMaker *self)
{
    Py_CLEAR(self->mention_type);
    Py_CLEAR(self->span_type);
    Py_CLEAR(self->starts);
    Py_CLEAR(self->ends);
    Py_CLEAR(self->raw);
    Py_CLEAR(self->sentence_starts);
    return 0;
}

static void
maker_dealloc(MentionMaker *self)
{
    PyObject_GC_UnTrack(self);
    maker_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
maker_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *mention_type, *span_type, *norm, *raw, *sentence_starts;
    if ((kwds && PyDict_GET_SIZE(kwds)) ||
        !PyArg_ParseTuple(args, "O!O!OUO!:MentionMaker", &PyType_Type, &mention_type, &PyType_Type, &span_type,
                          &norm, &raw, &PyList_Type, &sentence_starts)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "MentionMaker takes no keyword arguments");
        return NULL;
    }
    PyObject *text = PyObject_GetAttrString(norm, "text");
    PyObject *raw_length = text ? PyObject_GetAttrString(norm, "raw_length") : NULL;
    if (!raw_length) {
        Py_XDECREF(text);
        return NULL;
    }
    Py_ssize_t text_length = PyUnicode_Check(text) ? PyUnicode_GET_LENGTH(text) : -1;
    Py_ssize_t raw_len = PyLong_AsSsize_t(raw_length);
    Py_DECREF(text);
    Py_DECREF(raw_length);
    if (text_length < 0 || (raw_len == -1 && PyErr_Occurred())) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "MentionMaker: norm.text must be a str");
        return NULL;
    }
    MentionMaker *self = (MentionMaker *)type->tp_alloc(type, 0);
    if (!self)
        return NULL;
    self->vectorcall = (vectorcallfunc)maker_call;
    self->mention_type = Py_NewRef(mention_type);
    self->span_type = Py_NewRef(span_type);
    self->raw = Py_NewRef(raw);
    self->sentence_starts = Py_NewRef(sentence_starts);
    self->text_length = text_length;
    self->raw_length = raw_len;
    self->starts = PyObject_GetAttrString(norm, "starts");
    self->ends = self->starts ? PyObject_GetAttrString(norm, "ends") : NULL;
    if (!self->ends) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static PyTypeObject MentionMakerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "marsad._records.MentionMaker",
    .tp_doc = "MentionMaker(mention_type, span_type, norm, raw, sentence_starts): see marsad.model.PyMentionMaker",
    .tp_basicsize = sizeof(MentionMaker),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_vectorcall_offset = offsetof(MentionMaker, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_new = maker_new,
    .tp_traverse = (traverseproc)maker_traverse,
    .tp_clear = (inquiry)maker_clear,
    .tp_dealloc = (destructor)maker_dealloc,
};

static PyMethodDef records_methods[] = {
    {"init_of", records_init_of, METH_VARARGS,
     "init_of(cls, names, descriptors, defaults, missing, post_init, python_init) -> __init__"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef records_module = {
    PyModuleDef_HEAD_INIT, "_records",
    "The __init__ of marsad's core records, and a maker of mentions, in C (optional; see marsad.model).", -1,
    records_methods,
};

PyMODINIT_FUNC
PyInit__records(void)
{
    if (PyType_Ready(&RecordInitType) < 0 || PyType_Ready(&MentionMakerType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&records_module);
    if (m && (PyModule_AddIntConstant(m, "MAX_FIELDS", MAX_FIELDS) < 0 ||
              PyModule_AddObjectRef(m, "MentionMaker", (PyObject *)&MentionMakerType) < 0))
        Py_CLEAR(m);
    return m;
}
