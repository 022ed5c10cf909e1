// How `npm run dev` shows the service's JSON log lines (pino-pretty reads this with --config):
// one short line per request, the request id in brackets, everything else as pino-pretty prints it.
// `npm start` and every other command keep the JSON lines, which is what log collectors read.
const REQUEST_FIELDS = ['method', 'url', 'statusCode', 'responseTime', 'reqId'];

module.exports = {
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: ['pid', 'hostname', ...REQUEST_FIELDS].join(','),
  singleLine: true,
  messageFormat: (log, messageKey) => {
    const id = log.reqId ? ` [${log.reqId}]` : '';
    if ((log.msg === 'request completed' || log.msg === 'request errored') && log.statusCode !== undefined) {
      return `${log.method} ${log.url} → ${log.statusCode} in ${log.responseTime} ms${id}`;
    }
    const where = log.method && log.url ? ` ${log.method} ${log.url}` : '';
    return `${log[messageKey]}${where}${id}`;
  },
};
