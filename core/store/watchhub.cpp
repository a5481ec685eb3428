#include "watchhub.h"
