// Intentionally empty: CSystemLinux only re-exports headers.
#include "CSystemLinux.h"
