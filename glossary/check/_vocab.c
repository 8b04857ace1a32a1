/* The check's word index in C: the distinct Hangul words of an archive, each with its flags.

   Why: the search for mentions without Hanzi reads a text as its Hangul words and line breaks
   (match.hangul_tokens: runs of U+AC00..U+D7A3, and each "\n"). In Python that is one string object, one
   hash and several set or dict probes per word of text, about a third of the search's time. Here a
   text is read once per question with no object per word: a word is hashed and found in this table,
   and a Python string is made only for a word met for the first time, or one the caller asked about.

   Vocabulary.scan(text) -> (new, flagged): the distinct words of text not seen before (now seen: flag
       SEEN), and the distinct words of text seen before that carry another flag (mark), each once, in the
       order met.
   Vocabulary.mark(word, flags): OR flags into a word's (adding the word if it is not known yet); a word
       marked SEEN is never new.
   Vocabulary.locate(text, words) -> [(token index, line index, word)] for each token of text that is
       one of words, in text order (the indexes of match._locate_indexed).
   Vocabulary.next_words(index, count): the next count words after token index of the text of the last
       scan that follow it with only white space between (line breaks included): a name of several words
       is written so, never across a bracket or a Hanzi.
   Vocabulary.start(index): where token index of the text of the last scan starts in it (a mention's
       column: no search of its line).
   Vocabulary.clear(): forget every word.  len(Vocabulary): the number of words known.

   match.py holds the same in Python (the fallback when this module is not built); a test checks that
   both give the same results. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#if PY_VERSION_HEX >= 0x030C0000
#undef PyUnicode_READY
#define PyUnicode_READY(op) 0  /* every str is ready since 3.12 */
#endif

#define SEEN 1
#define FIRST_SYLLABLE 0xAC00
#define LAST_SYLLABLE 0xD7A3

typedef struct {
    uint64_t hash;       /* 0: empty slot */
    size_t offset;       /* into chars */
    Py_ssize_t length;
    uint32_t scanned;    /* the scan that last reported this word */
    uint32_t stamp;      /* the locate that asked for this word */
    long flags;
    PyObject *word;      /* the word as a str, once it is flagged or asked for (owned) */
    uint32_t id;         /* the order it was added in: slot_of[id] is where it is now */
} Slot;

#define LINE_BREAK UINT32_MAX

typedef struct {
    uint32_t id;         /* the word's id, or LINE_BREAK */
    uint32_t length;
    Py_ssize_t start;    /* in the text */
} Token;

typedef struct {
    PyObject_HEAD
    Slot *slots;
    size_t capacity;     /* a power of two */
    size_t used;
    uint16_t *chars;     /* every word's syllables, one after another */
    size_t chars_used, chars_capacity;
    uint16_t *token;     /* the current token's syllables */
    size_t token_capacity;
    uint32_t scans, locates;
    size_t *slot_of;     /* a word's id → its slot */
    PyObject *scanned;   /* the text of the last scan (owned), whose tokens follow */
    Token *tokens;
    size_t tokens_used, tokens_capacity;
} Vocabulary;

/* Grows *buffer, of *capacity items of ``size`` bytes, to hold ``needed`` items (doubling, from ``first``);
   -1 with MemoryError set when it cannot. */
static int reserve(void **buffer, size_t *capacity, size_t needed, size_t size, size_t first) {
    if (needed <= *capacity)
        return 0;
    size_t grown = *capacity ? *capacity : first;
    while (grown < needed)
        grown *= 2;
    void *moved = PyMem_Realloc(*buffer, grown * size);
    if (moved == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *buffer = moved;
    *capacity = grown;
    return 0;
}

static uint64_t hash_syllables(const uint16_t *s, Py_ssize_t n) {
    uint64_t h = 1469598103934665603ULL;  /* FNV-1a over the code units */
    for (Py_ssize_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;  /* the table indexes by the low bits: mix the high ones in */
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h ? h : 1;
}

static int grow_table(Vocabulary *v) {
    size_t capacity = v->capacity ? v->capacity * 2 : 1 << 14;
    Slot *slots = PyMem_Calloc(capacity, sizeof(Slot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    size_t *slot_of = PyMem_Realloc(v->slot_of, capacity * sizeof(size_t));
    if (slot_of == NULL) {
        PyMem_Free(slots);
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < v->capacity; i++) {
        Slot *s = &v->slots[i];
        if (s->hash) {
            size_t j = s->hash & (capacity - 1);
            while (slots[j].hash)
                j = (j + 1) & (capacity - 1);
            slots[j] = *s;
            slot_of[s->id] = j;
        }
    }
    PyMem_Free(v->slots);
    v->slots = slots;
    v->slot_of = slot_of;
    v->capacity = capacity;
    return 0;
}

/* The slot of the word s[0:n], added when absent and ``add``; NULL when absent (or on an error, with
   an exception set). */
static Slot *find(Vocabulary *v, const uint16_t *s, Py_ssize_t n, int add) {
    if (v->capacity == 0 || (v->used + 1) * 4 > v->capacity * 3) {
        if (!add && v->capacity == 0)
            return NULL;
        if (add && grow_table(v) < 0)
            return NULL;
    }
    uint64_t h = hash_syllables(s, n);
    size_t j = h & (v->capacity - 1);
    while (v->slots[j].hash) {
        Slot *slot = &v->slots[j];
        if (slot->hash == h && slot->length == n
                && memcmp(v->chars + slot->offset, s, (size_t)n * sizeof(uint16_t)) == 0)
            return slot;
        j = (j + 1) & (v->capacity - 1);
    }
    if (!add)
        return NULL;
    void *chars = v->chars;
    if (reserve(&chars, &v->chars_capacity, v->chars_used + (size_t)n, sizeof(uint16_t), 1 << 16) < 0)
        return NULL;
    v->chars = chars;
    memcpy(v->chars + v->chars_used, s, (size_t)n * sizeof(uint16_t));
    Slot *slot = &v->slots[j];
    slot->hash = h;
    slot->offset = v->chars_used;
    slot->length = n;
    slot->scanned = slot->stamp = 0;
    slot->flags = 0;
    slot->word = NULL;
    slot->id = (uint32_t)v->used;
    v->slot_of[slot->id] = j;
    v->chars_used += (size_t)n;
    v->used++;
    return slot;
}

static int reserve_token(Vocabulary *v, Py_ssize_t n) {
    void *token = v->token;
    if (reserve(&token, &v->token_capacity, (size_t)n, sizeof(uint16_t), 64) < 0)
        return -1;
    v->token = token;
    return 0;
}

static PyObject *word_of(Slot *slot, Vocabulary *v) {
    if (slot->word == NULL) {
        slot->word = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, v->chars + slot->offset, slot->length);
    }
    return slot->word;
}

/* Calls visit(v, slot, token index, line index, arg) for each Hangul token of text; the line breaks count
   as tokens too, as in match.hangul_tokens. */
typedef int (*visitor)(Vocabulary *, Slot *, Py_ssize_t index, Py_ssize_t line, void *arg);

static int record(Vocabulary *v, uint32_t id, Py_ssize_t start, Py_ssize_t length) {
    void *tokens = v->tokens;
    if (reserve(&tokens, &v->tokens_capacity, v->tokens_used + 1, sizeof(Token), 1 << 12) < 0)
        return -1;
    v->tokens = tokens;
    Token *t = &v->tokens[v->tokens_used++];
    t->id = id;
    t->start = start;
    t->length = (uint32_t)length;
    return 0;
}

/* ``add``: words not known yet are added, and the tokens are recorded (for locate and next_words) */
static int each_token(Vocabulary *v, PyObject *text, int add, visitor visit, void *arg) {
    if (PyUnicode_READY(text) < 0)
        return -1;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, index = 0, line = 0;
    while (i < n) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == '\n') {
            if (add && record(v, LINE_BREAK, i, 1) < 0)
                return -1;
            index++;
            line++;
            i++;
            continue;
        }
        if (ch < FIRST_SYLLABLE || ch > LAST_SYLLABLE) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n) {
            ch = PyUnicode_READ(kind, data, i);
            if (ch < FIRST_SYLLABLE || ch > LAST_SYLLABLE)
                break;
            i++;
        }
        Py_ssize_t length = i - start;
        if (reserve_token(v, length) < 0)
            return -1;
        if (kind == PyUnicode_2BYTE_KIND) {
            memcpy(v->token, (const uint16_t *)data + start, (size_t)length * sizeof(uint16_t));
        } else {
            for (Py_ssize_t k = 0; k < length; k++)
                v->token[k] = (uint16_t)PyUnicode_READ(kind, data, start + k);
        }
        Slot *slot = find(v, v->token, length, add);
        if (slot == NULL && PyErr_Occurred())
            return -1;
        if (add && slot != NULL && record(v, slot->id, start, length) < 0)
            return -1;
        if (slot != NULL && visit(v, slot, index, line, arg) < 0)
            return -1;
        index++;
    }
    return 0;
}

typedef struct {
    PyObject *new, *flagged;
} ScanLists;

static int scan_visit(Vocabulary *v, Slot *slot, Py_ssize_t index, Py_ssize_t line, void *arg) {
    ScanLists *lists = (ScanLists *)arg;
    (void)index;
    (void)line;
    if (slot->scanned == v->scans)
        return 0;
    slot->scanned = v->scans;
    if (!(slot->flags & SEEN)) {
        slot->flags |= SEEN;
        if (slot->word != NULL)
            return PyList_Append(lists->new, slot->word);
        /* most words are never flagged: their str is the caller's to keep or drop */
        PyObject *word = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, v->chars + slot->offset, slot->length);
        if (word == NULL)
            return -1;
        int rc = PyList_Append(lists->new, word);
        Py_DECREF(word);
        return rc;
    }
    if (slot->flags & ~SEEN) {
        PyObject *word = word_of(slot, v);
        if (word == NULL)
            return -1;
        return PyList_Append(lists->flagged, word);
    }
    return 0;
}

static PyObject *Vocabulary_scan(Vocabulary *v, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "scan() takes a str");
        return NULL;
    }
    ScanLists lists = {PyList_New(0), PyList_New(0)};
    if (lists.new == NULL || lists.flagged == NULL)
        goto error;
    if (++v->scans == 0) {  /* wrapped: no slot may look scanned already */
        for (size_t j = 0; j < v->capacity; j++)
            v->slots[j].scanned = 0;
        v->scans = 1;
    }
    Py_CLEAR(v->scanned);
    v->tokens_used = 0;
    if (each_token(v, text, 1, scan_visit, &lists) < 0) {
        v->tokens_used = 0;
        goto error;
    }
    Py_INCREF(text);
    v->scanned = text;
    return Py_BuildValue("(NN)", lists.new, lists.flagged);
error:
    Py_XDECREF(lists.new);
    Py_XDECREF(lists.flagged);
    return NULL;
}

/* The syllables of a Hangul word in v->token; -1 (an exception set) when the word is not Hangul only. */
static Py_ssize_t read_word(Vocabulary *v, PyObject *word) {
    if (!PyUnicode_Check(word) || PyUnicode_READY(word) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "a word is a str");
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    if (n == 0 || reserve_token(v, n) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "a word is not empty");
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, k);
        if (ch < FIRST_SYLLABLE || ch > LAST_SYLLABLE) {
            PyErr_Format(PyExc_ValueError, "not a Hangul word: %R", word);
            return -1;
        }
        v->token[k] = (uint16_t)ch;
    }
    return n;
}

static PyObject *Vocabulary_mark(Vocabulary *v, PyObject *args) {
    PyObject *word;
    long flags;
    if (!PyArg_ParseTuple(args, "Ul:mark", &word, &flags))
        return NULL;
    Py_ssize_t n = read_word(v, word);
    if (n < 0)
        return NULL;
    Slot *slot = find(v, v->token, n, 1);
    if (slot == NULL)
        return NULL;
    slot->flags |= flags;
    if (slot->word == NULL) {
        Py_INCREF(word);
        slot->word = word;
    }
    Py_RETURN_NONE;
}

static int locate_visit(Vocabulary *v, Slot *slot, Py_ssize_t index, Py_ssize_t line, void *arg) {
    PyObject *out = (PyObject *)arg;
    if (slot->stamp != v->locates)
        return 0;
    PyObject *hit = Py_BuildValue("(nnO)", index, line, slot->word);
    if (hit == NULL)
        return -1;
    int rc = PyList_Append(out, hit);
    Py_DECREF(hit);
    return rc;
}

static PyObject *Vocabulary_locate(Vocabulary *v, PyObject *args) {
    PyObject *text, *words;
    if (!PyArg_ParseTuple(args, "UO:locate", &text, &words))
        return NULL;
    if (++v->locates == 0) {
        for (size_t j = 0; j < v->capacity; j++)
            v->slots[j].stamp = 0;
        v->locates = 1;
    }
    PyObject *iterator = PyObject_GetIter(words), *word;
    if (iterator == NULL)
        return NULL;
    int any = 0;
    while ((word = PyIter_Next(iterator)) != NULL) {
        Py_ssize_t n = read_word(v, word);
        if (n < 0) {
            PyErr_Clear();  /* no Hangul token can be it */
            Py_DECREF(word);
            continue;
        }
        Slot *slot = find(v, v->token, n, 1);
        if (slot == NULL) {
            Py_DECREF(word);
            Py_DECREF(iterator);
            return NULL;
        }
        slot->stamp = v->locates;
        if (slot->word == NULL) {
            slot->word = word;  /* the reference is the slot's now */
        } else {
            Py_DECREF(word);
        }
        any = 1;
    }
    Py_DECREF(iterator);
    if (PyErr_Occurred())
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL || !any)
        return out;
    if (text != v->scanned) {
        if (each_token(v, text, 0, locate_visit, out) < 0) {
            Py_DECREF(out);
            return NULL;
        }
        return out;
    }
    Py_ssize_t line = 0;  /* the text of the last scan: its recorded tokens */
    for (size_t k = 0; k < v->tokens_used; k++) {
        uint32_t id = v->tokens[k].id;
        if (id == LINE_BREAK) {
            line++;
            continue;
        }
        Slot *slot = &v->slots[v->slot_of[id]];
        if (slot->stamp == v->locates && locate_visit(v, slot, (Py_ssize_t)k, line, out) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

static PyObject *Vocabulary_start(Vocabulary *v, PyObject *arg) {
    Py_ssize_t index = PyLong_AsSsize_t(arg);
    if (index == -1 && PyErr_Occurred())
        return NULL;
    if (v->scanned == NULL || index < 0 || (size_t)index >= v->tokens_used) {
        PyErr_SetString(PyExc_IndexError, "start: no such token in the text of the last scan");
        return NULL;
    }
    return PyLong_FromSsize_t(v->tokens[index].start);
}

static PyObject *Vocabulary_next_words(Vocabulary *v, PyObject *args) {
    Py_ssize_t index, count;
    if (!PyArg_ParseTuple(args, "nn:next_words", &index, &count))
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL || v->scanned == NULL || index < 0 || (size_t)index >= v->tokens_used)
        return out;
    int kind = PyUnicode_KIND(v->scanned);
    const void *data = PyUnicode_DATA(v->scanned);
    Py_ssize_t end = v->tokens[index].start + v->tokens[index].length;  /* of the word before */
    for (size_t k = (size_t)index + 1; k < v->tokens_used && PyList_GET_SIZE(out) < count; k++) {
        Token *t = &v->tokens[k];
        if (t->id == LINE_BREAK)
            continue;
        int spaced = 1;  /* only white space (line breaks too) between the word before and this one */
        for (Py_ssize_t c = end; c < t->start && spaced; c++)
            spaced = Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, c));
        if (!spaced)
            break;
        end = t->start + t->length;
        PyObject *word = PyUnicode_Substring(v->scanned, t->start, t->start + t->length);
        if (word == NULL || PyList_Append(out, word) < 0) {
            Py_XDECREF(word);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(word);
    }
    return out;
}

static void release(Vocabulary *v) {
    for (size_t j = 0; j < v->capacity; j++)
        Py_CLEAR(v->slots[j].word);
    PyMem_Free(v->slots);
    PyMem_Free(v->chars);
    PyMem_Free(v->slot_of);
    Py_CLEAR(v->scanned);
    v->tokens_used = 0;
    v->slots = NULL;
    v->chars = NULL;
    v->slot_of = NULL;
    v->capacity = v->used = v->chars_used = v->chars_capacity = 0;
}

static PyObject *Vocabulary_clear(Vocabulary *v, PyObject *Py_UNUSED(ignored)) {
    release(v);
    Py_RETURN_NONE;
}

static Py_ssize_t Vocabulary_len(Vocabulary *v) {
    return (Py_ssize_t)v->used;
}

/* no GC support: the slots hold str objects only, no cycle can pass through them */
static void Vocabulary_dealloc(Vocabulary *v) {
    PyTypeObject *type = Py_TYPE(v);
    release(v);
    PyMem_Free(v->token);
    PyMem_Free(v->tokens);
    type->tp_free((PyObject *)v);
    Py_DECREF(type);
}

static PyMethodDef Vocabulary_methods[] = {
    {"scan", (PyCFunction)Vocabulary_scan, METH_O,
     "scan(text) -> (new, flagged): text's distinct words never seen before, and those with flags."},
    {"mark", (PyCFunction)Vocabulary_mark, METH_VARARGS, "mark(word, flags): OR flags into the word's."},
    {"locate", (PyCFunction)Vocabulary_locate, METH_VARARGS,
     "locate(text, words) -> [(token index, line index, word)] for the tokens of text among words."},
    {"start", (PyCFunction)Vocabulary_start, METH_O,
     "start(index) -> where token index of the last scan's text starts in it."},
    {"next_words", (PyCFunction)Vocabulary_next_words, METH_VARARGS,
     "next_words(index, count) -> the next count words after token index of the last scan's text, each\n"
     "after only white space."},
    {"clear", (PyCFunction)Vocabulary_clear, METH_NOARGS, "Forget every word."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot Vocabulary_slots[] = {
    {Py_tp_doc, "The distinct Hangul words of the texts scanned, with their flags (see match.py)."},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_dealloc, Vocabulary_dealloc},
    {Py_tp_methods, Vocabulary_methods},
    {Py_sq_length, Vocabulary_len},
    {0, NULL},
};

static PyType_Spec Vocabulary_spec = {
    "glossary.check._vocab.Vocabulary", sizeof(Vocabulary), 0,
    Py_TPFLAGS_DEFAULT, Vocabulary_slots,
};

static int exec_module(PyObject *module) {
    PyObject *type = PyType_FromSpec(&Vocabulary_spec);
    if (type == NULL)
        return -1;
    return PyModule_AddObject(module, "Vocabulary", type) < 0 ? (Py_DECREF(type), -1) : 0;
}

static PyModuleDef_Slot module_slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_vocab", "The check's word index in C (see match.py).", 0, NULL, module_slots,
    NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__vocab(void) {
    return PyModuleDef_Init(&module_def);
}
