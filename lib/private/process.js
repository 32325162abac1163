// Plain JavaScript (types in process.d.ts): lib/private/code-cache.js, which
// runs before anything is compiled, needs it too.
'use strict';

/** Whether a process of this pid runs on this machine (one we may not signal runs too). */
function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code !== 'ESRCH';
  }
}

module.exports = { processIsAlive };
