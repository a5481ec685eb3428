#include "storefactory.h"
