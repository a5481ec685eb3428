#include "etcdstore.h"
