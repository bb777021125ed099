# cython: language_level=3
"""yamlsource's builder in C: plain values with the place of each, straight from libyaml.

The same rules as `yamlsource._Builder`, which stays the reference and the fallback when this
module is not compiled: tests/questionnaire/test_cbuilder.py holds both to the same result for
every text. Written because the Python builder spends most of a large tree's check turning
libyaml's 100,000 events into Python objects one by one (issue 13).
"""

from cpython.dict cimport PyDict_GetItem, PyDict_SetItem
from cpython.long cimport PyLong_FromSsize_t
from cpython.object cimport PyObject
from cpython.ref cimport Py_DECREF, Py_INCREF
from cpython.tuple cimport PyTuple_SET_ITEM
from cpython.type cimport PyType_GenericAlloc
from cpython.unicode cimport PyUnicode_DecodeUTF8

import yaml


cdef extern from "Python.h":
    void PyUnicode_InternInPlace(PyObject **string)


cdef extern from "yaml.h":
    ctypedef enum yaml_event_type_t:
        YAML_NO_EVENT
        YAML_STREAM_START_EVENT
        YAML_STREAM_END_EVENT
        YAML_DOCUMENT_START_EVENT
        YAML_DOCUMENT_END_EVENT
        YAML_ALIAS_EVENT
        YAML_SCALAR_EVENT
        YAML_SEQUENCE_START_EVENT
        YAML_SEQUENCE_END_EVENT
        YAML_MAPPING_START_EVENT
        YAML_MAPPING_END_EVENT
    ctypedef enum yaml_scalar_style_t:
        YAML_ANY_SCALAR_STYLE
        YAML_PLAIN_SCALAR_STYLE
    ctypedef enum yaml_error_type_t:
        YAML_NO_ERROR
        YAML_MEMORY_ERROR
        YAML_READER_ERROR
        YAML_SCANNER_ERROR
        YAML_PARSER_ERROR
    ctypedef struct yaml_mark_t:
        size_t index
        size_t line
        size_t column
    ctypedef struct _scalar_data "struct { yaml_char_t *anchor; yaml_char_t *tag; yaml_char_t *value; size_t length; int plain_implicit; int quoted_implicit; yaml_scalar_style_t style; }":
        char *tag
        char *value
        size_t length
        yaml_scalar_style_t style
    ctypedef struct _start_data "struct { yaml_char_t *anchor; yaml_char_t *tag; int implicit; int style; }":
        char *tag
    ctypedef union _event_data:
        _scalar_data scalar
        _start_data sequence_start
        _start_data mapping_start
    ctypedef struct yaml_event_t:
        yaml_event_type_t type
        _event_data data
        yaml_mark_t start_mark
    ctypedef struct yaml_parser_t:
        yaml_error_type_t error
        char *problem
        size_t problem_offset
        int problem_value
        yaml_mark_t problem_mark
        char *context
        yaml_mark_t context_mark
    int yaml_parser_initialize(yaml_parser_t *parser)
    void yaml_parser_delete(yaml_parser_t *parser)
    void yaml_parser_set_input_string(yaml_parser_t *parser, const unsigned char *input, size_t size)
    int yaml_parser_parse(yaml_parser_t *parser, yaml_event_t *event)
    void yaml_event_delete(yaml_event_t *event)


cdef class Mark:
    """A place in the text, lines and columns from 0 (what yamlsource reads of PyYAML's marks); in a
    mapping, one mark holds the places of a value and of its key (yamlsource.YamlMap)."""

    cdef readonly Py_ssize_t line
    cdef readonly Py_ssize_t column
    cdef readonly Py_ssize_t key_line
    cdef readonly Py_ssize_t key_column


cdef inline Mark _mark(yaml_mark_t place):
    cdef Mark mark = Mark.__new__(Mark)
    mark.line = place.line
    mark.column = place.column
    return mark


cdef object _place(object kind, yaml_mark_t mark):
    """kind((line, column)), 1-based, for kind a tuple subclass (Position): made as tuple.__new__ makes
    it, without the call through it, which was most of the cost of a place (a large tree has 25,000).
    (Python 3.11's tuples keep no hash in the object; one that does would need it cleared here, as
    tuple.__new__ does: test_a_place_made_in_c_hashes_and_compares_as_the_same_tuple_made_in_python.)"""
    place = PyType_GenericAlloc(kind, 2)
    line, column = PyLong_FromSsize_t(mark.line + 1), PyLong_FromSsize_t(mark.column + 1)
    Py_INCREF(line)  # (PyTuple_SET_ITEM takes over a reference)
    PyTuple_SET_ITEM(place, 0, line)
    Py_INCREF(column)
    PyTuple_SET_ITEM(place, 1, column)
    return place


cdef object _interned(str word):
    """The one object for this word (as sys.intern gives it, without the call)."""
    cdef PyObject *found = <PyObject *>word
    Py_INCREF(word)  # the reference PyUnicode_InternInPlace may replace
    PyUnicode_InternInPlace(&found)
    interned = <object>found
    Py_DECREF(interned)  # (the reference given above, now held by `interned`)
    return interned


cdef object _tag(char *tag):
    return None if tag == NULL else PyUnicode_DecodeUTF8(tag, len(tag), "strict")


cdef class _Builder:
    cdef yaml_parser_t parser
    cdef yaml_event_t event
    cdef bytes source
    cdef object tick, issues, int_pattern, allowed_tags
    cdef object map_type, list_type, position_type, issue_type, refusal
    cdef dict plain_words
    cdef Py_ssize_t values, next_stop, max_values, stop_every
    cdef int max_depth

    def __cinit__(self):
        if not yaml_parser_initialize(&self.parser):
            raise MemoryError

    def __dealloc__(self):
        yaml_event_delete(&self.event)  # (it clears the event: deleting twice is safe)
        yaml_parser_delete(&self.parser)

    cdef int next(self) except -1:
        yaml_event_delete(&self.event)
        if not yaml_parser_parse(&self.parser, &self.event):
            raise self.error()
        return 0

    cdef object error(self):
        """The exception PyYAML's own C parser raises for this libyaml error."""
        parser = &self.parser
        if parser.error == YAML_MEMORY_ERROR:
            return MemoryError()
        if parser.error == YAML_READER_ERROR:
            return yaml.reader.ReaderError(
                "<unicode string>", parser.problem_offset, parser.problem_value, "?", parser.problem.decode()
            )
        context_mark = problem_mark = context = None
        if parser.context != NULL:
            context = parser.context.decode()
            place = parser.context_mark
            context_mark = yaml.error.Mark("<unicode string>", place.index, place.line, place.column, None, None)
        if parser.problem != NULL:
            place = parser.problem_mark
            problem_mark = yaml.error.Mark("<unicode string>", place.index, place.line, place.column, None, None)
        problem = parser.problem.decode() if parser.problem != NULL else None
        if parser.error == YAML_SCANNER_ERROR:
            return yaml.scanner.ScannerError(context, context_mark, problem, problem_mark)
        return yaml.parser.ParserError(context, context_mark, problem, problem_mark)

    cdef object position(self):
        return _place(self.position_type, self.event.start_mark)

    cdef object issue(self, message_id, args=None):
        return self.issue_type(self.position(), message_id, {} if args is None else args)

    cdef int count(self) except -1:
        self.values += 1
        if self.values >= self.next_stop:
            if self.values > self.max_values:
                raise self.refusal(self.issue("too-large.values", {"limit": str(self.max_values)}))
            if self.values % self.stop_every == 0:
                self.tick(self.position())
            self.next_stop = min((self.values // self.stop_every + 1) * self.stop_every, self.max_values + 1)
        return 0

    cdef object scalar(self):
        """The current scalar's value: quoted and block scalars are text, plain ones as `_plain`."""
        data = &self.event.data.scalar
        value = PyUnicode_DecodeUTF8(data.value, data.length, "strict")
        if data.style != YAML_PLAIN_SCALAR_STYLE and data.style != YAML_ANY_SCALAR_STYLE:
            return value
        cdef PyObject *special = PyDict_GetItem(self.plain_words, value)
        if special != NULL:
            return <object>special
        cdef char first = data.value[0]
        if (first == b"+" or first == b"-" or b"0" <= first <= b"9") and self.int_pattern.match(value):
            return int(value)
        return value

    cdef int check_tag(self, char *tag) except -1:
        if tag != NULL:
            name = _tag(tag)
            if name not in self.allowed_tags:
                self.issues.append(self.issue("yaml.tag", {"tag": name}))
        return 0

    def document(self):
        """The value of the first document; the events of any later one are read, not built."""
        root, documents = None, 0
        self.next()
        while self.event.type != YAML_STREAM_END_EVENT:
            kind = self.event.type
            if kind == YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1:
                    self.issues.append(self.issue("yaml.documents"))
                    while self.event.type != YAML_STREAM_END_EVENT:
                        self.next()  # a syntax error further on is still reported
                    break
            elif kind != YAML_DOCUMENT_END_EVENT and kind != YAML_STREAM_START_EVENT:
                root = self.value(0)
            self.next()
        return root

    cdef object value(self, int depth):
        """The value that starts with the current event; depth: the mappings and lists around it."""
        kind = self.event.type
        if kind == YAML_ALIAS_EVENT:  # aliases allow exponential documents ("billion laughs")
            self.issues.append(self.issue("yaml.alias"))
            self.count()
            return None
        if kind == YAML_SCALAR_EVENT:
            self.check_tag(self.event.data.scalar.tag)
            self.count()
            return self.scalar()
        self.check_tag(self.event.data.mapping_start.tag if kind == YAML_MAPPING_START_EVENT
                       else self.event.data.sequence_start.tag)
        if depth >= self.max_depth:
            raise self.refusal(self.issue("too-large.depth", {"limit": str(self.max_depth)}))
        position = self.position()
        self.count()
        if kind == YAML_MAPPING_START_EVENT:
            return self.mapping(position, depth + 1)
        return self.sequence(position, depth + 1)

    cdef object key(self):
        """A mapping's key: a word or a number, never a mapping, a list, true/false or null.

        A word is interned: a tree repeats a few keys (id, label, nl, en…) some 80,000 times; one
        object each instead of one per place, and the loader's lookups find them by identity.
        """
        if self.event.type == YAML_SCALAR_EVENT:
            self.check_tag(self.event.data.scalar.tag)
            self.count()
            key = self.scalar()
            if type(key) is str:
                return _interned(key)
            if isinstance(key, int) and not isinstance(key, bool):
                return key
        raise self.refusal(self.issue("yaml.key"))

    cdef object mapping(self, position, int depth):
        cdef yaml_mark_t key_place
        cdef Mark mark
        mapping = self.map_type()
        mapping.position = position
        marks = {}
        mapping.marks = marks
        self.next()
        while self.event.type != YAML_MAPPING_END_EVENT:
            key_place = self.event.start_mark
            key = self.key()
            self.next()
            mark = _mark(self.event.start_mark)
            item = self.value(depth)
            if key in marks:  # (the same keys as mapping: a plain dict's test, not a subclass's slower one)
                place = _place(self.position_type, key_place)
                self.issues.append(self.issue_type(place, "yaml.duplicate-key", {"key": str(key)}))
            else:
                mark.key_line = key_place.line
                mark.key_column = key_place.column
                PyDict_SetItem(mapping, key, item)
                marks[key] = mark
            self.next()
        return mapping

    cdef object sequence(self, position, int depth):
        items = self.list_type()
        items.position = position
        marks = []
        items.item_marks = marks
        self.next()
        while self.event.type != YAML_SEQUENCE_END_EVENT:
            marks.append(_mark(self.event.start_mark))
            items.append(self.value(depth))
            self.next()
        return items


def build(str text, tick, kinds, rules, limits):
    """The first document of text and the problems that did not stop the parse (as `_Builder`).

    kinds: (YamlMap, YamlList, Position, YamlIssue, YamlSyntaxError); rules: (the plain words with
    their values, the integer pattern, the allowed tags); limits: (MAX_DEPTH, MAX_VALUES, values
    between two ticks of the time budget).
    """
    cdef _Builder builder = _Builder()
    builder.source = text.encode("utf-8")
    yaml_parser_set_input_string(&builder.parser, builder.source, len(builder.source))
    builder.tick, builder.issues = tick, []
    builder.map_type, builder.list_type, builder.position_type, builder.issue_type, builder.refusal = kinds
    if not issubclass(builder.position_type, tuple) or builder.position_type.__basicsize__ != tuple.__basicsize__:
        raise TypeError("the type of a place must be a tuple subclass with no more fields (as Position)")
    builder.plain_words, builder.int_pattern, builder.allowed_tags = rules
    builder.max_depth, builder.max_values, builder.stop_every = limits
    builder.values, builder.next_stop = 0, builder.stop_every
    return builder.document(), builder.issues
