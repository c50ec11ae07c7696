/* acts.h - actdemo's activations. */
#ifndef ACTDEMO_ACTS_H
#define ACTDEMO_ACTS_H

#include <gradcheck.h>

/* The activation whose gradient is wrong on purpose; the tests expect it
 * to fail. */
#define ACTDEMO_WRONG "bad_softsign"

#endif
