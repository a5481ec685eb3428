#include "clock.h"

namespace tugboat::api {

Clock &Clock::system()
{
    static SystemClock clock;
    return clock;
}

QString formatTimestamp(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

} // namespace tugboat::api
