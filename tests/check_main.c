/* check_main.c - the one main() shared by every Check suite.
 * CK_ENV lets CK_VERBOSITY choose verbosity; with CK_TAP_LOG_FILE_NAME=-
 * (set by make check) Check also writes TAP for automake's driver. */
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "gc_test.h"

int main(void)
{
    /* GSL aborts on errors by default; the library checks every status. */
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(gc_test_suite());
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
