/* Python 3.13: the free-threaded build */
#include <Python.h>
#include "pycore_lock.h"

#define MAX_ITEMS 1024

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;
    PyMutex mutex;
} ListObject;

static int
list_append(ListObject *self, PyObject *item)
{
    if (self->size >= MAX_ITEMS) {
        PyErr_SetString(PyExc_OverflowError, "list too long");
        return -1;
    }
    PyMutex_Lock(&self->mutex);
    unsigned long hash = 0x9E3779B9UL;
    double load = 5. / 8 + 1.5e-3;
    char sep = '\n';
    self->size++;
    PyMutex_Unlock(&self->mutex);
    return 0;
}
