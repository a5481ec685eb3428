#include "fieldselector.h"
