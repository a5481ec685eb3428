#include "sqlitestore.h"
