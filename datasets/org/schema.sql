-- org: a company of about 500 people, its departments and the salary history of everyone.

CREATE TABLE departments (
    department_id integer PRIMARY KEY,
    name          varchar(60) NOT NULL UNIQUE,
    location      text,
    founded_on    date NOT NULL,
    budget        numeric(12,2)
);
COMMENT ON TABLE departments IS 'Departments of the company; some have no employees yet.';
COMMENT ON COLUMN departments.department_id IS 'Identifier of the department.';
COMMENT ON COLUMN departments.name IS 'Department name, unique.';
COMMENT ON COLUMN departments.location IS 'Main office of the department; NULL for fully remote departments.';
COMMENT ON COLUMN departments.founded_on IS 'Day the department was created.';
COMMENT ON COLUMN departments.budget IS 'Yearly budget in euros; NULL while not yet approved.';

CREATE TABLE employees (
    employee_id      integer PRIMARY KEY,
    first_name       text NOT NULL,
    last_name        text NOT NULL,
    email            varchar(120) NOT NULL UNIQUE,
    title            text NOT NULL,
    department_id    integer REFERENCES departments (department_id),
    manager_id       integer REFERENCES employees (employee_id),
    hire_date        date NOT NULL,
    termination_date date
);
COMMENT ON TABLE employees IS 'Everyone who works or worked here; manager_id forms the reporting tree.';
COMMENT ON COLUMN employees.employee_id IS 'Identifier of the employee, in order of hiring.';
COMMENT ON COLUMN employees.first_name IS 'Given name.';
COMMENT ON COLUMN employees.last_name IS 'Family name; several people share a full name.';
COMMENT ON COLUMN employees.email IS 'Work email address, unique.';
COMMENT ON COLUMN employees.title IS 'Job title.';
COMMENT ON COLUMN employees.department_id IS 'Department; NULL for a few people not assigned to one.';
COMMENT ON COLUMN employees.manager_id IS 'Direct manager; NULL only for the chief executive.';
COMMENT ON COLUMN employees.hire_date IS 'First working day; new hires start in cohorts, so many share a date.';
COMMENT ON COLUMN employees.termination_date IS 'Last working day of people who left; NULL for current staff.';

CREATE TABLE salary_history (
    employee_id    integer NOT NULL REFERENCES employees (employee_id),
    effective_from date NOT NULL,
    effective_to   date,
    salary         numeric(10,2) NOT NULL,
    PRIMARY KEY (employee_id, effective_from)
);
COMMENT ON TABLE salary_history IS 'Yearly base salary of each employee over time, one row per period.';
COMMENT ON COLUMN salary_history.employee_id IS 'The employee.';
COMMENT ON COLUMN salary_history.effective_from IS 'First day this salary applies.';
COMMENT ON COLUMN salary_history.effective_to IS 'First day it no longer applies (exclusive); NULL for the current salary.';
COMMENT ON COLUMN salary_history.salary IS 'Yearly base salary in euros, in steps of 500, so ties are common.';
