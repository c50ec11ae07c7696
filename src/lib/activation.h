/* activation.h - the registry of built-in activations: gc_builtins,
 * gc_builtin_find and gc_activation_validate are public (declared in
 * include/gradcheck.h); this header stays for the library's own files. */
#ifndef GC_ACTIVATION_H
#define GC_ACTIVATION_H

#include "gradcheck.h"

#endif
