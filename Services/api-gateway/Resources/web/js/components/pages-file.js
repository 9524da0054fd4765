// Reading a user-chosen file (chat log, catalogue CSV) in the browser.

/** The file's text as UTF-8, through FileReader (the input never leaves the page until posted). */
export function readText(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => resolve(String(reader.result)));
    reader.addEventListener('error', () => reject(new Error(`Could not read ${file.name}`)));
    reader.readAsText(file, 'utf-8');
  });
}
