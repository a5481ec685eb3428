#include "yamlwriter.h"
