// Browser storage that never breaks the page: with storage blocked (privacy settings), reads
// return null and writes report false, and everything else keeps working.
export function readStored(key) {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function store(key, value) {
  try {
    window.localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function forget(key) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // storage blocked: there is nothing to forget
  }
}
