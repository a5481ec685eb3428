#include "etcdclient.h"
