#include "memorystore.h"
