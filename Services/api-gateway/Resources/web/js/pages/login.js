// Log in with the admin key (POST /api/auth/login); the token is kept until
// it expires.
import { h } from '../dom.js';
import { api } from '../api.js';
import { setToken } from '../auth.js';
import { loggedIn, takeLogoutReason } from '../app.js';

const reasons = {
  expired: 'Your login has expired. Please log in again.',
  rejected: 'Your login is no longer valid. Please log in again.',
};

export function mount(root) {
  const reason = takeLogoutReason();
  const key = h('input', { id: 'admin-key', name: 'key', type: 'password', autocomplete: 'current-password',
    required: true, 'aria-describedby': 'login-error' });
  const error = h('p', { id: 'login-error', class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Log in');

  async function onSubmit(event) {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const answer = await api('POST', '/api/auth/login', { body: { key: key.value } });
      setToken(answer.token);
      loggedIn();
    } catch (failure) {
      error.textContent = failure.message;
      key.select();
      key.focus();
    } finally {
      submit.disabled = false;
    }
  }

  root.append(h('form', { class: 'card login stack', onsubmit: onSubmit, 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Log in'),
    reason ? h('p', { class: 'notice', role: 'status', id: 'login-reason' }, reasons[reason] ?? '') : null,
    h('div', { class: 'field' }, h('label', { for: 'admin-key' }, 'Admin key'), key),
    error,
    submit));
  key.focus();
  return () => {};
}
