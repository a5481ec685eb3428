#include "yamlreader.h"
